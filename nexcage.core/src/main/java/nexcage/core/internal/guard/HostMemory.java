package nexcage.core.internal.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The host's memory as Linux reports it in /proc/meminfo: total and available bytes, -1 when unknown. OSGi-free. */
record HostMemory(long totalBytes, long availableBytes) {
    static final HostMemory UNKNOWN = new HostMemory(-1, -1);

    static HostMemory read(Path meminfo) {
        try {
            return parse(Files.readAllLines(meminfo));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    static HostMemory parse(List<String> lines) {
        return new HostMemory(kib(lines, "MemTotal:"), kib(lines, "MemAvailable:"));
    }

    private static long kib(List<String> lines, String key) {
        for (String l : lines) {
            if (l.startsWith(key)) {
                String[] w = l.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(w[0]) * (w.length > 1 && w[1].equalsIgnoreCase("kB") ? 1024 : 1);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
