package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** plugins.NAME.config becomes nexcage.plugin.NAME, bound to the plugin's location; only a change is delivered again. */
class SectionDeliveryTest {
    private final List<String> done = new ArrayList<>();

    private final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (p, m, args) -> {
                if (!m.getName().equals("getConfiguration") || args.length != 2) {
                    throw new UnsupportedOperationException(m.getName());
                }
                assertThat(args[1]).isEqualTo("nexcage:plugin/hello");
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class}, (c, cm, cargs) -> {
                    switch (cm.getName()) {
                        case "updateIfDifferent" -> {
                            done.add("update " + args[0] + " " + ((Dictionary<?, ?>) cargs[0]).get("greeting"));
                            return true;
                        }
                        case "delete" -> {
                            done.add("delete " + args[0]);
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(cm.getName());
                    }
                });
            });

    @Test
    void deliversAndRemembersAndDeletes() throws Exception {
        SectionDelivery sections = new SectionDelivery(admin);
        Map<String, Object> hallo = Map.of("greeting", "Hallo", "names", new String[] {"a", "b"});
        assertThat(sections.changes("hello", hallo)).isTrue();
        sections.deliver("hello", hallo);
        assertThat(sections.delivered("hello")).isEqualTo(hallo);
        assertThat(sections.plugins()).containsExactly("hello");
        // arrays by their content, as ConfigAdmin holds lists
        assertThat(sections.changes("hello", Map.of("greeting", "Hallo", "names", new String[] {"a", "b"}))).isFalse();
        assertThat(sections.changes("hello", Map.of("greeting", "Servus", "names", new String[] {"a", "b"}))).isTrue();
        sections.deliver("hello", null);
        assertThat(sections.delivered("hello")).isNull();
        assertThat(done).containsExactly("update nexcage.plugin.hello Hallo", "delete nexcage.plugin.hello");
    }
}
