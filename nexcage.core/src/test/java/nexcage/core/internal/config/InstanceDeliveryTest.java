package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * plugins.NAME.instances.KEY become the named factory configurations nexcage.plugin.NAME.instance~KEY,
 * bound to the plugin's location; an edit touches only the instances it changed, so the others'
 * components go on undisturbed.
 */
class InstanceDeliveryTest {
    /** What was done to which configuration: "update PID {values}" or "delete PID". */
    private final List<String> done = new ArrayList<>();

    private final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (p, m, args) -> {
                if (!m.getName().equals("getFactoryConfiguration") || args.length != 3) {
                    throw new UnsupportedOperationException(m.getName());
                }
                assertThat(args[2]).isEqualTo("nexcage:plugin/docker");
                String pid = args[0] + "~" + args[1];
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class}, (c, cm, cargs) -> {
                    switch (cm.getName()) {
                        case "updateIfDifferent" -> {
                            done.add("update " + pid + " " + dictionary((Dictionary<?, ?>) cargs[0]));
                            return true;
                        }
                        case "delete" -> {
                            done.add("delete " + pid);
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(cm.getName());
                    }
                });
            });

    private static Map<Object, Object> dictionary(Dictionary<?, ?> d) {
        Map<Object, Object> out = new java.util.TreeMap<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            Object k = keys.nextElement();
            out.put(k, d.get(k));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> instances(Object... nameHost) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (int i = 0; i < nameHost.length; i += 2) {
            out.put((String) nameHost[i], Map.of("host", nameHost[i + 1]));
        }
        return out;
    }

    @Test
    void onlyTheInstancesThatChangedAreTouched() throws Exception {
        InstanceDelivery d = new InstanceDelivery(admin);
        assertThat(d.apply("docker", instances("podman", "unix:///p", "remote", "tcp://h:1"))).containsExactly("podman", "remote");
        assertThat(done).containsExactly(
                "update nexcage.plugin.docker.instance~podman {host=unix:///p, nexcage.instance=podman}",
                "update nexcage.plugin.docker.instance~remote {host=tcp://h:1, nexcage.instance=remote}");
        done.clear();

        assertThat(d.apply("docker", instances("podman", "unix:///p", "remote", "tcp://h:2", "third", "unix:///t")))
                .containsExactly("remote", "third");
        assertThat(done).containsExactly(
                "update nexcage.plugin.docker.instance~remote {host=tcp://h:2, nexcage.instance=remote}",
                "update nexcage.plugin.docker.instance~third {host=unix:///t, nexcage.instance=third}");
        done.clear();

        assertThat(d.apply("docker", instances("third", "unix:///t"))).containsExactly("podman", "remote");
        assertThat(done).containsExactly("delete nexcage.plugin.docker.instance~podman", "delete nexcage.plugin.docker.instance~remote");
        done.clear();

        assertThat(d.apply("docker", instances("third", "unix:///t"))).isEmpty();
        assertThat(d.apply("docker", null)).containsExactly("third");
        assertThat(done).containsExactly("delete nexcage.plugin.docker.instance~third");
        assertThat(d.delivered("docker")).isEmpty();
    }

    @Test
    void thePluginsCheckerSeesItsInstancesBesideItsOwnValues() {
        Map<String, Object> view = InstanceDelivery.checkedView(Map.of("host", "unix:///d"),
                Map.of("remote", Map.of("host", "tcp://h:1", "tls.ca", "/ca.pem")));
        assertThat(view).containsOnly(Map.entry("host", "unix:///d"), Map.entry("instances.remote.host", "tcp://h:1"),
                Map.entry("instances.remote.tls.ca", "/ca.pem"));
        assertThat(InstanceDelivery.checkedView(Map.of("a", 1L), Map.of())).isEqualTo(Map.of("a", 1L));
    }
}
