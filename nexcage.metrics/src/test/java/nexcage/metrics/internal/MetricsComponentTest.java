package nexcage.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.core.admin.RuntimeFigures;
import nexcage.hooks.admin.HookAdmin;
import nexcage.security.admin.Violations;

class MetricsComponentTest {

    private final List<String> errors = new ArrayList<>();
    private MetricsComponent component;

    /** A service whose methods answer empty lists, false or null; a Logger that keeps its error lines. */
    @SuppressWarnings("unchecked")
    private <T> T stub(Class<T> type) {
        return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("error") && args != null && args.length > 0) {
                String text = String.valueOf(args[0]);
                for (int i = 1; i < args.length; i++) {
                    text = text.replaceFirst("\\{\\}", String.valueOf(args[i]));
                }
                errors.add(text);
            }
            Class<?> r = method.getReturnType();
            return r == List.class ? List.of() : r == boolean.class ? false : r == int.class ? 0 : null;
        });
    }

    private MetricsComponent component(Map<String, Object> properties) {
        component = new MetricsComponent(stub(PluginAccounting.class), stub(HookAdmin.class), stub(Violations.class),
                stub(RuntimeFigures.class), stub(Logger.class), properties);
        return component;
    }

    @AfterEach
    void close() {
        if (component != null) {
            component.close();
        }
    }

    @Test
    void withoutTheSettingNoPortIsOpened() {
        assertThat(component(Map.of()).port()).isEqualTo(-1);
    }

    @Test
    void aChangedSettingRebindsAndARemovedOneCloses() throws Exception {
        MetricsComponent c = component(Map.of("listen", "127.0.0.1:0"));
        assertThat(c.port()).isPositive();
        int next;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            next = free.getLocalPort();
        }
        c.modified(Map.of("listen", "127.0.0.1:" + next));
        assertThat(c.port()).isEqualTo(next);
        c.modified(Map.of());
        assertThat(c.port()).isEqualTo(-1);
    }

    @Test
    void aTakenPortIsOneErrorNamingTheSettingAndThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(component(Map.of("listen", "127.0.0.1:" + port)).port()).isEqualTo(-1);
            assertThat(errors).singleElement().asString()
                    .startsWith("runtime.metrics.listen 127.0.0.1:" + port + ": port " + port + " is in use");
        }
    }
}
