package nexcage.bench.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The Karaf side of bench/hotdeploy: records when the framework starts (and stops) this bundle,
 * as epoch microseconds (the clock bash's $EPOCHREALTIME reads), in the files "started" and
 * "stopped" of the directory named by the manifest header Bench-Stamp-Dir.
 */
public final class Activator implements BundleActivator {

    @Override
    public void start(BundleContext context) throws IOException {
        long now = micros();
        record(context, "started", now);
    }

    @Override
    public void stop(BundleContext context) throws IOException {
        long now = micros();
        record(context, "stopped", now);
    }

    private static long micros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static void record(BundleContext context, String what, long micros) throws IOException {
        Path dir = Path.of(context.getBundle().getHeaders().get("Bench-Stamp-Dir"));
        Path tmp = dir.resolve(what + ".tmp");
        Files.writeString(tmp, micros + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, dir.resolve(what), StandardCopyOption.ATOMIC_MOVE);
    }
}
