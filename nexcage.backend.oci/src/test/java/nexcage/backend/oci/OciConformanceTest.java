package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.ContainerBackend;
import nexcage.plugintest.backend.BackendConformance;

/**
 * The conformance cases every backend passes, on crun and on runc, each with a backend of its own
 * (its own data directory) holding the busybox test image imported from a tarball.
 */
class OciConformanceTest {
    static final String IMAGE = "nexcage-test/busybox:latest";
    private static final Map<String, OciBackend> BACKENDS = new ConcurrentHashMap<>();
    private static Path work;

    static synchronized OciBackend backend(String runtime) {
        return BACKENDS.computeIfAbsent(runtime, r -> {
            try {
                if (work == null) {
                    work = Files.createTempDirectory("nexcage-oci-conformance");
                }
                OciBackend b = new OciBackend(work.resolve(r), r, "");
                Path tar = Files.exists(work.resolve("busybox.tar.gz")) ? work.resolve("busybox.tar.gz") : TestImages.tarball(work);
                b.importImage(IMAGE, tar);
                return b;
            } catch (IOException | InterruptedException | BackendException e) {
                throw new AssertionError("cannot prepare the " + r + " backend with the test image: " + e.getMessage(), e);
            }
        });
    }

    @AfterAll
    static void removeTheImages() throws Exception {
        for (OciBackend b : BACKENDS.values()) {
            b.removeImage(IMAGE, true);
        }
        if (work != null) {
            Tree.delete(work);
        }
    }

    @Nested
    class OnCrun extends BackendConformance {
        @Override
        protected ContainerBackend backend() {
            return OciConformanceTest.backend(OciRuntime.CRUN);
        }

        @Override
        protected String image() {
            return IMAGE;
        }
    }

    @Nested
    class OnRunc extends BackendConformance {
        @Override
        protected ContainerBackend backend() {
            return OciConformanceTest.backend(OciRuntime.RUNC);
        }

        @Override
        protected String image() {
            return IMAGE;
        }
    }
}
