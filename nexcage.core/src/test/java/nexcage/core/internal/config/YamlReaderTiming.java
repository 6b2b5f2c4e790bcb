package nexcage.core.internal.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints how long reading config.yaml takes when it holds one long value (issue 21, defect 4), and
 * for the largest file the caps let through. Not a test: timings are for people, run it with the
 * daemon's options, e.g. {@code java -Xss512k -XX:TieredStopAtLevel=1 -cp ... YamlReaderTiming}.
 */
public final class YamlReaderTiming {
    private YamlReaderTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("yaml-timing");
        time(file(dir, "warm-up", "x".repeat(100_000)));
        for (boolean quoted : new boolean[] {false, true}) {
            for (int mb : new int[] {1, 2, 4}) {
                String s = "x".repeat(mb * 1024 * 1024);
                Path f = file(dir, (quoted ? "quoted-" : "plain-") + mb + "MB", quoted ? "\"" + s + "\"" : s);
                System.out.printf("%-6s %d MB: %s%n", quoted ? "quoted" : "plain", mb, time(f));
            }
        }
        StringBuilder largest = new StringBuilder("plugins:\n  hello:\n    config:\n");
        for (int i = 0; i < 15; i++) {
            largest.append("      k").append(i).append(i < 10 ? ":  " : ": ").append("x".repeat(ConfigText.MAX_LINE_CHARS - 12)).append('\n');
        }
        Path f = Files.writeString(dir.resolve("largest.yaml"), largest);
        System.out.printf("%d bytes in lines of %d: %s%n", Files.size(f), ConfigText.MAX_LINE_CHARS, time(f));
    }

    private static Path file(Path dir, String name, String greeting) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), "plugins:\n  hello:\n    config:\n      greeting: " + greeting + "\n");
    }

    private static String time(Path f) {
        long t0 = System.nanoTime();
        String what;
        try {
            new YamlReader(f, System::getenv).read();
            what = "parsed";
        } catch (Exception e) {
            what = e.getMessage().replace(f.toString(), "FILE");
        }
        return String.format("%.2f s (%s)", (System.nanoTime() - t0) / 1e9, what.length() > 100 ? what.substring(0, 100) + "..." : what);
    }
}
