package nexcage.backend.lxc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ImageInfo;

/**
 * The backend's images: one folder each under {@code images/} of the plugin's data directory,
 * holding the unpacked root file system and {@code image.json} (name, id, size, when imported, and
 * the command, environment and working directory a container of it gets). A container copies the
 * root file system at create, so removing an image never breaks a container made from it.
 */
final class ImageStore {

    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME_RULE = "[a-z0-9]+([._/-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?";

    /** An image on disk. */
    record Stored(ImageInfo info, Path rootfs, List<String> command, List<String> env, String workdir) {
    }

    private final Path root;
    private final LxcTools tools;
    private final String backend;

    ImageStore(Path root, LxcTools tools, String backend) {
        this.root = root;
        this.tools = tools;
        this.backend = backend;
    }

    /** {@code repo:tag}, with {@code :latest} when no tag is given. */
    static String normalize(String name) throws BackendException {
        String n = name == null ? "" : name.strip();
        if (!n.matches(NAME_RULE)) {
            throw new BackendException(Reason.OTHER, "image name '" + n + "' is not REPOSITORY[:TAG] (lower-case letters, digits and"
                    + " '.', '_', '-', '/' between them, then an optional tag); choose another name");
        }
        int slash = n.lastIndexOf('/');
        return n.indexOf(':', slash + 1) < 0 ? n + ":latest" : n;
    }

    private Path folder(String normalized) {
        return root.resolve(normalized.replace("%", "%25").replace("/", "%2F").replace(":", "%3A"));
    }

    Optional<Stored> find(String name) throws BackendException {
        Path dir = folder(normalize(name));
        return Files.isRegularFile(dir.resolve("image.json")) ? Optional.ofNullable(read(dir)) : Optional.empty();
    }

    List<ImageInfo> images() throws BackendException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<ImageInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path dir : s.filter(d -> !d.getFileName().toString().startsWith(".")).toList()) {
                Stored st = read(dir);
                if (st != null) {
                    out.add(st.info());
                }
            }
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot list the lxc backend's images in " + root + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(ImageInfo::created).reversed());
        return out;
    }

    /** Imports a root file system tarball (plain or gzip) or an OCI image layout as {@code name}, replacing one of that name. */
    ImageInfo importImage(String name, Path source) throws BackendException {
        String normalized = normalize(name);
        if (!Files.exists(source)) {
            throw new BackendException(Reason.OTHER, "cannot import " + source + ": there is no such file or folder");
        }
        Path work = root.resolve(".import-" + UUID.randomUUID());
        try {
            Files.createDirectories(work);
            Path rootfs = work.resolve("rootfs");
            ObjectNode meta = JSON.createObjectNode();
            String id;
            if (Files.isDirectory(source)) {
                if (!OciLayout.isLayout(source)) {
                    throw new BackendException(Reason.OTHER, "the folder " + source + " is not an OCI image layout (no index.json);"
                            + " import a root file system tarball or an OCI layout");
                }
                String tag = normalized.substring(normalized.lastIndexOf(':') + 1);
                OciLayout.Image img = OciLayout.select(source, tag);
                if (img.ref() == null) {
                    throw new BackendException(Reason.OTHER, "the only image of the OCI layout " + source + " has no ref name, which"
                            + " umoci needs to unpack it; tag it first (umoci tag --image " + source + "@" + img.digest() + " " + tag + ")");
                }
                unpack(tools.run(IMPORT_TIMEOUT, "umoci", "raw", "unpack", "--image", source + ":" + img.ref(), rootfs.toString()), source);
                id = img.digest();
                putList(meta, "command", img.command());
                putList(meta, "env", img.env());
                meta.put("workdir", img.workdir());
            } else {
                Files.createDirectories(rootfs);
                unpack(tools.run(IMPORT_TIMEOUT, "tar", "--numeric-owner", "-xpf", source.toString(), "-C", rootfs.toString()), source);
                id = "sha256:" + sha256(source);
                putList(meta, "command", List.of());
                putList(meta, "env", List.of());
                meta.put("workdir", "/");
            }
            Instant created = Instant.now();
            long size = size(rootfs);
            meta.put("name", normalized).put("id", id).put("size", size).put("created", created.toString());
            Files.writeString(work.resolve("image.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta) + "\n");
            replace(folder(normalized), work);
            return new ImageInfo(normalized, id, size, created, backend);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot import image " + normalized + " into " + root + ": " + e.getMessage());
        } finally {
            deleteTree(work);
        }
    }

    private static void unpack(LxcTools.Result r, Path source) throws BackendException {
        if (!r.ok()) {
            String why = r.err().lines().filter(l -> !l.isBlank()).findFirst().orElse("exit status " + r.code());
            throw new BackendException(Reason.OTHER, "cannot unpack " + source + " (" + why.strip()
                    + "); give a root file system tarball (plain or gzip) or an OCI image layout");
        }
    }

    /** Removes the image's folder; the caller has checked that no container uses it. */
    void remove(String name) throws BackendException {
        String normalized = normalize(name);
        Path dir = folder(normalized);
        if (!Files.isDirectory(dir)) {
            throw new BackendException(Reason.NO_SUCH_IMAGE, noSuchImage(normalized));
        }
        Path gone = root.resolve(".remove-" + UUID.randomUUID());
        try {
            Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot remove image " + normalized + " at " + dir + ": " + e.getMessage());
        }
        deleteTree(gone);
    }

    static String noSuchImage(String image) {
        return "image " + image + " is not in the lxc backend's store; import a root file system as it with"
                + " 'nexcage image import " + image + " FILE --backend lxc'";
    }

    private void replace(Path target, Path work) throws IOException {
        Path old = root.resolve(".old-" + UUID.randomUUID());
        boolean had = Files.exists(target);
        if (had) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        if (had) {
            deleteTree(old);
        }
    }

    private Stored read(Path dir) {
        try {
            JsonNode m = JSON.readTree(Files.readString(dir.resolve("image.json")));
            ImageInfo info = new ImageInfo(m.path("name").asText(), m.path("id").asText(), m.path("size").asLong(-1),
                    Instant.parse(m.path("created").asText()), backend);
            return new Stored(info, dir.resolve("rootfs"), ContainerRecord.strings(m.path("command")),
                    ContainerRecord.strings(m.path("env")), m.path("workdir").asText("/"));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static void putList(ObjectNode o, String key, List<String> values) {
        values.forEach(o.putArray(key)::add);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes of the regular files under {@code dir}, links not followed. */
    static long size(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isRegularFile()) {
                    total[0] += a.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** Deletes a tree, links not followed; what cannot be deleted is left (a later import or remove tries again). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException leftBehind) {
            // best effort
        }
    }
}
