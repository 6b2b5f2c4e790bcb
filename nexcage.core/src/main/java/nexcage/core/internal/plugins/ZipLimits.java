package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Refuses a zip bomb before anything else reads the file's entries (DESIGN §3): at most
 * {@code maxEntries} entries, and at most {@code maxInflated} bytes in all, counted while inflating
 * (the sizes a zip's headers claim are never trusted), so a check costs at most that much work.
 */
final class ZipLimits {
    private ZipLimits() {
    }

    /** Null when the file is within both caps, else the reason it is refused. */
    static String check(Path jar, long maxInflated, long maxEntries) throws IOException {
        return check(jar, maxInflated, maxEntries, false);
    }

    /**
     * As {@link #check(Path, long, long)}; with {@code headersTrusted} (bytes the build made and
     * listed, ShippedDigests) the sizes the zip's headers state are summed instead of inflating
     * every entry: the same caps, without reading 6.8 MB at each first start.
     */
    static String check(Path jar, long maxInflated, long maxEntries, boolean headersTrusted) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() > maxEntries) {
                return "holds " + zip.size() + " entries, over the limit of " + maxEntries
                        + " (runtime.max_plugin_entries); it may be a zip bomb: rebuild the plugin with fewer entries or raise the limit";
            }
            byte[] buf = new byte[65536];
            long total = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (headersTrusted) {
                    total += Math.max(0, e.getSize());
                    if (total > maxInflated) {
                        return tooMuch(maxInflated, e);
                    }
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                        if (total > maxInflated) {
                            return tooMuch(maxInflated, e);
                        }
                    }
                }
            }
            return null;
        }
    }

    private static String tooMuch(long maxInflated, ZipEntry e) {
        return "inflates to more than " + maxInflated / (1024 * 1024) + " MB (stopped in entry " + e.getName()
                + "), over the limit (runtime.max_plugin_inflated_mb); it may be a zip bomb: shrink the plugin or raise the limit";
    }
}
