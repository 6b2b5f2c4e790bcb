package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The metrics bundle in the real runtime: with runtime.metrics.listen in config.yaml the daemon
 * answers /metrics with NexCage and JVM series, /livez and, once the boot's plugins are in, /readyz.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Frameworks.freshWork("itest-metrics");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(work.resolve("home").resolve("config.yaml"), "runtime:\n  metrics:\n    listen: 127.0.0.1:" + port + "\n");
        return Frameworks.runtime(work).toArray(new Option[0]);
    }

    /** The port this class wrote into config.yaml. */
    private int port() throws IOException {
        List<String> lines = Files.readAllLines(Paths.get(context.getProperty("nexcage.home"), "config.yaml"));
        String listen = lines.stream().filter(l -> l.contains("listen:")).findFirst().orElseThrow();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1).trim());
    }

    private record Answer(int status, String body) {
    }

    private static Answer get(int port, String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10_000);
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        }
    }

    @Test
    public void metricsLivezAndReadyzAnswer() throws Exception {
        int port = port();
        Answer readyz = Await.until("/readyz to answer 200", Duration.ofSeconds(30), () -> get(port, "/readyz"), a -> a.status() == 200);
        assertEquals(readyz.body(), 200, readyz.status());
        assertEquals(200, get(port, "/livez").status());
        Answer metrics = get(port, "/metrics");
        assertEquals(metrics.body(), 200, metrics.status());
        assertTrue(metrics.body(), metrics.body().contains("nexcage_ready 1.0"));
        assertTrue(metrics.body(), metrics.body().contains("# TYPE nexcage_ready gauge"));
        assertTrue(metrics.body(), metrics.body().contains("jvm_memory_used_bytes{"));
    }
}
