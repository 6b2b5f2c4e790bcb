package nexcage.security.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.api.Capability;
import nexcage.api.CapabilityDeniedException;
import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

class GuardCoreTest {

    /** A bundle as the guard sees it; mutable, like a bundle that is updated. */
    static final class FakeBundle {
        final String location;
        long lastModified = 1;
        String header;
        int headerReads;

        FakeBundle(String location, String header) {
            this.location = location;
            this.header = header;
        }
    }

    enum FakeFacts implements GuardCore.Facts<FakeBundle> {
        INSTANCE;

        @Override
        public long lastModified(FakeBundle b) {
            return b.lastModified;
        }

        @Override
        public String location(FakeBundle b) {
            return b.location;
        }

        @Override
        public String capabilitiesHeader(FakeBundle b) {
            b.headerReads++;
            return b.header;
        }
    }

    private final List<String> recorded = new ArrayList<>();
    private final Violations violations = new Violations() {
        @Override
        public Violation record(String plugin, String capability, String operation, String detail) {
            recorded.add(plugin + " " + capability + " " + operation + " " + detail);
            return null;
        }

        @Override
        public List<Violation> list(String plugin) {
            return List.of();
        }
    };
    private final GuardCore<FakeBundle> guard = new GuardCore<>(FakeFacts.INSTANCE, violations);

    @Test
    void aDeclaredCapabilityIsAllowedAndNotedAsUsed() {
        FakeBundle p = new FakeBundle("nexcage:plugin/web", "container_list, container_info");
        guard.check(p, Capability.CONTAINER_LIST, "containers.list", "");
        guard.check(p, Capability.CONTAINER_LIST, "containers.list", "");

        assertThat(recorded).isEmpty();
        assertThat(guard.used("web")).containsExactly(Capability.CONTAINER_LIST);
        assertThat(guard.used("other")).isEmpty();
        assertThat(p.headerReads).isEqualTo(1);
    }

    @Test
    void anUndeclaredCapabilityIsRecordedAndRefused() {
        FakeBundle p = new FakeBundle("nexcage:plugin/web", "container_list");

        assertThatThrownBy(() -> guard.check(p, Capability.CONTAINER_CREATE, "containers.create", "db"))
                .isInstanceOfSatisfying(CapabilityDeniedException.class, e -> {
                    assertThat(e.plugin()).isEqualTo("web");
                    assertThat(e.capability()).isEqualTo("container_create");
                    assertThat(e.operation()).isEqualTo("containers.create");
                });
        assertThat(recorded).containsExactly("web container_create containers.create db");
        assertThat(guard.used("web")).isEmpty();
    }

    @Test
    void aPluginWithoutTheHeaderMayDoNothing() {
        FakeBundle p = new FakeBundle("nexcage:plugin/bare", null);
        assertThatThrownBy(() -> guard.check(p, Capability.LOGGING, "log", null)).isInstanceOf(CapabilityDeniedException.class);
        assertThat(recorded).containsExactly("bare logging log ");
    }

    @Test
    void runtimeBundlesAreAlwaysAllowed() {
        FakeBundle core = new FakeBundle("file:/opt/nexcage/bundles/nexcage.core.jar", null);
        guard.check(core, Capability.HOST_COMMAND, "host.run", "ls");
        guard.check(core, Capability.CONFIG_WRITE, "config.write", "");
        assertThat(recorded).isEmpty();
        assertThat(core.headerReads).isZero();
    }

    @Test
    void anUpdatedPluginIsReadAgain() {
        FakeBundle p = new FakeBundle("nexcage:plugin/web", "container_list");
        guard.check(p, Capability.CONTAINER_LIST, "containers.list", "");

        p.header = "container_create";
        p.lastModified = 2;

        guard.check(p, Capability.CONTAINER_CREATE, "containers.create", "");
        assertThatThrownBy(() -> guard.check(p, Capability.CONTAINER_LIST, "containers.list", ""))
                .isInstanceOf(CapabilityDeniedException.class);
        // what was used before the update stays noted for the plugin
        assertThat(guard.used("web")).containsExactlyInAnyOrder(Capability.CONTAINER_LIST, Capability.CONTAINER_CREATE);
    }

    @Test
    void headerNamesAreReadAsTheCoreReadsThem() {
        assertThat(DeclaredCapabilities.parse(" Logging ,metrics;x=y,, nonsense")).containsExactlyInAnyOrder(
                Capability.LOGGING, Capability.METRICS);
        assertThat(DeclaredCapabilities.parse(null)).isEmpty();
    }
}
