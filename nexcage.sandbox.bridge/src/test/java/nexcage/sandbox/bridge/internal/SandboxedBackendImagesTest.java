package nexcage.sandbox.bridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerBackend;
import nexcage.api.backend.ImageInfo;
import nexcage.sandbox.child.wire.Invoker;
import nexcage.sandbox.child.wire.Link;
import nexcage.sandbox.child.wire.Marshal;
import nexcage.sandbox.child.wire.Values.Tagged;
import nexcage.testkit.ConnectedSockets;

/**
 * API 1.3's image methods of a sandboxed backend cross the link as its other methods do: the
 * daemon's proxy forwards importImage (the path as its string), images and removeImage to the
 * child's service, served there as the child's bridge serves it (an {@link Invoker} on the
 * service's interfaces); an ImageInfo comes back whole, and a backend that keeps no images answers
 * with the API's own UNSUPPORTED.
 */
class SandboxedBackendImagesTest {
    private static final ImageInfo IMAGE = new ImageInfo("tools:1", "sha256:abc", 4096L, Instant.parse("2026-12-05T10:00:00Z"), "sbx");

    private ConnectedSockets sockets;
    private Link daemon;
    private Link child;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        sockets = ConnectedSockets.open("sbximg");
        daemon = new Link(sockets.accepted(), "the child");
        child = new Link(sockets.connected(), "the daemon");
    }

    @AfterEach
    void close() throws Exception {
        daemon.close();
        child.close();
        sockets.close();
    }

    /** The daemon's proxy of a backend whose child-side service is answered by handler (or its defaults). */
    private ContainerBackend sandboxed(InvocationHandler handler) {
        ContainerBackend service = (ContainerBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ContainerBackend.class }, handler);
        Marshal childMarshal = new Marshal(new Marshal.Special() {
            @Override
            public Tagged encode(Object o) {
                return null;
            }

            @Override
            public Object decode(Tagged t) {
                return null;
            }
        });
        Invoker served = new Invoker(service, List.of(ContainerBackend.class));
        child.start((object, method, args) -> childMarshal.serve(served, "gone", method, args));
        daemon.start((object, method, args) -> null);
        PluginServiceProxy proxy = new PluginServiceProxy(daemon, 7, Map.of("backend.name", "sbx", "backend.description", "d"),
                new DaemonMarshal(daemon), "sbx-plugin", 5_000, 5_000);
        return (ContainerBackend) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { ContainerBackend.class }, proxy);
    }

    @Test
    void importImagesAndRemoveImageReachTheSandboxedBackend() throws Exception {
        ContainerBackend backend = sandboxed((self, m, args) -> {
            calls.add(m.getName() + (args == null ? "[]" : Arrays.toString(args)));
            return switch (m.getName()) {
                case "name" -> "sbx";
                case "importImage" -> {
                    assertThat(args[1]).as("the source arrives as a Path").isInstanceOf(Path.class);
                    yield new ImageInfo((String) args[0], IMAGE.id(), IMAGE.sizeBytes(), IMAGE.created(), IMAGE.backend());
                }
                case "images" -> List.of(IMAGE);
                case "removeImage" -> {
                    if (!(Boolean) args[1]) {
                        throw new BackendException(BackendException.Reason.IMAGE_IN_USE, "tools:1 is used by c1");
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException(m.getName());
            };
        });

        assertThat(backend.importImage("tools:1", Path.of("/srv/images/tools.tar"))).isEqualTo(IMAGE);
        assertThat(backend.images()).containsExactly(IMAGE);
        backend.removeImage("tools:1", true);
        assertThatThrownBy(() -> backend.removeImage("tools:1", false)).isInstanceOf(BackendException.class)
                .hasMessage("tools:1 is used by c1")
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(BackendException.Reason.IMAGE_IN_USE));
        assertThat(calls).containsExactly("importImage[tools:1, /srv/images/tools.tar]", "images[]", "removeImage[tools:1, true]",
                "removeImage[tools:1, false]");
    }

    @Test
    void aSandboxedBackendWithoutImagesAnswersUnsupported() {
        ContainerBackend backend = sandboxed((self, m, args) -> m.isDefault() ? InvocationHandler.invokeDefault(self, m, args)
                : "name".equals(m.getName()) ? "sbx" : null);

        assertThatThrownBy(backend::images).isInstanceOf(BackendException.class)
                .hasMessage("the sbx backend does not list images; list them with its engine's own tools")
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(BackendException.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> backend.importImage("x", Path.of("/x.tar"))).isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(BackendException.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> backend.removeImage("x", false)).isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(((BackendException) e).reason()).isEqualTo(BackendException.Reason.UNSUPPORTED));
    }
}
