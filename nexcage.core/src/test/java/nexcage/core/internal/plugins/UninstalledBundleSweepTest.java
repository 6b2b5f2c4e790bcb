package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** The OSGi-free half of the sweep: finding a private field, and removing the entries of uninstalled bundles. */
class UninstalledBundleSweepTest {
    private static Bundle bundle(int state) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
            case "getState" -> state;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** A key as Felix Log's LoggerKey: the bundle in a private field. */
    private static class Key {
        private final Bundle m_bundle;

        Key(Bundle bundle) {
            this.m_bundle = bundle;
        }
    }

    private static class SubKey extends Key {
        SubKey(Bundle bundle) {
            super(bundle);
        }
    }

    @Test
    void removesTheEntriesOfUninstalledBundlesOnly() {
        Bundle gone = bundle(Bundle.UNINSTALLED);
        Bundle active = bundle(Bundle.ACTIVE);
        Map<Object, String> usages = new ConcurrentHashMap<>(Map.of(gone, "a", active, "b", "not a bundle", "c"));

        assertThat(UninstalledBundleSweep.removeUninstalled(usages, key -> key)).isEqualTo(1);
        assertThat(usages).containsOnlyKeys(active, "not a bundle");
    }

    @Test
    void findsTheBundleInAPrivateFieldOfTheKeyOrItsSuperclass() throws ReflectiveOperationException {
        Bundle gone = bundle(Bundle.UNINSTALLED);
        Bundle resolved = bundle(Bundle.RESOLVED);
        Map<Object, String> loggers = new ConcurrentHashMap<>(Map.of(new SubKey(gone), "ROOT", new Key(gone), "x", new Key(resolved), "y"));

        assertThat(UninstalledBundleSweep.field(new SubKey(gone), "m_bundle")).isSameAs(gone);
        assertThat(UninstalledBundleSweep.removeUninstalled(loggers, key -> UninstalledBundleSweep.field(key, "m_bundle"))).isEqualTo(2);
        assertThat(loggers.values()).containsExactly("y");
    }

    @Test
    void aMissingFieldIsNamedWithItsClass() {
        assertThatThrownBy(() -> UninstalledBundleSweep.field(new Key(null), "m_registry"))
                .isInstanceOf(NoSuchFieldException.class).hasMessageContaining("Key.m_registry");
    }
}
