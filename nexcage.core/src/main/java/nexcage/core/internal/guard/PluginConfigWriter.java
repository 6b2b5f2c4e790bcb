package nexcage.core.internal.guard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.config.Secrets;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.daemon.DaemonLog;

/**
 * The one write NexCage makes to the user's config.yaml: a plugin's {@code config} map replaced
 * ({@code RuntimeConfig.updatePluginConfig}). The new text is checked as the file it would become
 * (the core's reader, the plugins' checks) before it replaces the file atomically (a temporary
 * file beside it, fsync, rename), then applied as a live edit is. One write at a time.
 *
 * <p>A value equal to what the caller was shown for a masked secret (the mask, or a URL with its
 * user-info masked) keeps the secret's old lines, so a plugin may read its masked section, change
 * one value and write it back without wiping its secrets. A mask anywhere else is refused.
 */
@Component(service = PluginConfigWriter.class)
public class PluginConfigWriter {
    private final ConfigService config;
    private final DaemonLog log;

    @Activate
    public PluginConfigWriter(@Reference ConfigService config, @Reference Daemon daemon) {
        this.config = config;
        this.log = daemon.log();
    }

    /** Replaces {@code plugins.PLUGIN.config} with {@code values}, for {@code by} (named in the log); a refused value throws IllegalArgumentException. */
    public synchronized void replace(String plugin, Map<String, Object> values, String by) {
        Path file = realFile(config.file());
        Set<String> keep = secretsKept(plugin, values);
        try {
            String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            String next = YamlSectionEditor.replacePluginConfig(old, plugin, values, keep);
            Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                write(tmp, next, file);
                String why = config.check(tmp);
                if (why != null) {
                    throw new IllegalArgumentException(why.replace(tmp.toString(), file.toString()));
                }
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage() + "; check that the daemon may write there", e);
        }
        ConfigService.ReloadResult r = config.reload();
        log.info("config", (by == null ? "a bundle" : "plugin " + by) + " changed the configuration of plugin " + plugin + " in " + file
                + (r.error() == null ? "" : "; it was not applied: " + r.error()));
        if (r.error() != null) {
            throw new IllegalStateException("config.yaml was written but not applied: " + r.error());
        }
    }

    /** A config.yaml linked from elsewhere is written where it lives, so the link stays. */
    private static Path realFile(Path file) {
        try {
            return Files.isSymbolicLink(file) ? file.toRealPath() : file;
        } catch (IOException e) {
            return file;
        }
    }

    /** The keys whose value is what the caller saw masked: their old lines stay. Any other mask, or a {@code ${...}}, is refused. */
    private Set<String> secretsKept(String plugin, Map<String, Object> values) {
        Map<String, Object> shown = config.maskedConfig(plugin);
        Map<String, Object> real = config.config(plugin);
        Set<String> keep = new HashSet<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String where = "plugins." + plugin + ".config." + e.getKey();
            String text = String.valueOf(plain(e.getValue()));
            if (text.contains(Secrets.MASK)) {
                if (shown.containsKey(e.getKey()) && Objects.equals(plain(shown.get(e.getKey())), plain(e.getValue()))
                        && !Objects.equals(plain(real.get(e.getKey())), plain(e.getValue()))) {
                    keep.add(e.getKey());
                    continue;
                }
                throw new IllegalArgumentException(where + " holds the mask " + Secrets.MASK + " where no masked secret was read;"
                        + " write the real value, or pass back the value pluginConfig returned unchanged to keep the secret");
            }
            if (text.contains("${")) {
                throw new IllegalArgumentException(where + " holds ${...}, which config.yaml would read as an environment variable;"
                        + " a plugin writes plain values, so leave the ${ out");
            }
        }
        return keep;
    }

    /** Lists and arrays as lists, for comparing what was shown with what came back. */
    private static Object plain(Object v) {
        if (v != null && v.getClass().isArray()) {
            List<Object> out = new java.util.ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
                out.add(java.lang.reflect.Array.get(v, i));
            }
            return out;
        }
        return v instanceof java.util.Collection<?> c ? List.copyOf(c) : v;
    }

    private static void write(Path tmp, String text, Path like) throws IOException {
        Path dir = tmp.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.setPosixFilePermissions(tmp, Files.exists(like) ? Files.getPosixFilePermissions(like)
                : PosixFilePermissions.fromString("rw-------"));
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // the rename itself is on disk only once the directory is
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException notSupported) {
            // some file systems cannot sync a directory; the rename stands
        }
    }
}
