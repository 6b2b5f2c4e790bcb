package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * An idle daemon's healthy, subscribed backend must not load docker-java's command layer, model
 * or client set-up (about 20 MB of idle RSS). The backend runs in a class loader of its own, so
 * what other tests in this JVM loaded does not count; the last step (a list) shows the check
 * sees docker-java once a command does load it.
 */
class IdleWithoutDockerJavaTest {

    /** Classes of docker-java's command layer, model and HTTP transport. */
    static final String[] COMMAND_LAYER = {"com.github.dockerjava.core.DockerClientImpl", "com.github.dockerjava.core.DefaultDockerClientConfig",
            "com.github.dockerjava.core.RemoteApiVersion", "com.github.dockerjava.api.model.Event", "com.github.dockerjava.api.model.Version",
            "com.github.dockerjava.api.command.EventsCmd", "com.github.dockerjava.api.command.PingCmd",
            "com.github.dockerjava.zerodep.ZerodepDockerHttpClient"}; // the transport's interface alone is named by Engine's fields, so verified

    /** A fresh loader of this test's class path, which says what it has loaded. */
    static final class Fresh extends URLClassLoader {
        Fresh(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        List<String> loaded(String... names) {
            List<String> found = new ArrayList<>();
            for (String n : names) {
                if (findLoadedClass(n) != null) {
                    found.add(n);
                }
            }
            return found;
        }
    }

    @Test
    void healthAndEventsLeaveDockerJavaUnloadedUntilTheFirstCommand() throws Exception {
        RealEngine.backend(); // fails with the reason when no engine answers
        List<URL> urls = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(p).toURI().toURL());
        }
        try (Fresh loader = new Fresh(urls.toArray(URL[]::new))) {
            Class<?> type = Class.forName(DockerBackend.class.getName(), true, loader);
            Object backend = type.getConstructor(String.class).newInstance(DockerBackend.defaultHost());
            try {
                Object health = type.getMethod("health").invoke(backend);
                assertThat(health.toString()).contains("HEALTHY").doesNotContain("UNHEALTHY");
                Consumer<Object> ignore = e -> { };
                AutoCloseable events = (AutoCloseable) type.getMethod("events", Consumer.class).invoke(backend, ignore);
                var subscribed = events.getClass().getDeclaredMethod("subscribed");
                subscribed.setAccessible(true); // package-private, in the other loader's package
                assertThat((boolean) subscribed.invoke(events)).isTrue();
                type.getMethod("health").invoke(backend);

                assertThat(loader.loaded(COMMAND_LAYER)).as("docker-java classes an idle, healthy, subscribed backend loaded").isEmpty();

                type.getMethod("list", boolean.class).invoke(backend, false);
                assertThat(loader.loaded(COMMAND_LAYER)).as("the first command loads docker-java").contains(COMMAND_LAYER[0]);
                events.close();
            } finally {
                type.getMethod("close").invoke(backend);
            }
        }
    }
}
