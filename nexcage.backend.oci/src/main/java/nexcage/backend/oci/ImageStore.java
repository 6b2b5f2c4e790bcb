package nexcage.backend.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
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
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The backend's images, one directory each under {@code images/}: {@code image.json} (name, id,
 * size, import time, how to run it) and {@code rootfs/}. An import unpacks into a fresh directory
 * and then takes the name; the image that had the name is removed, or, while a container still
 * runs on it, kept without a name until its last container is deleted.
 */
final class ImageStore {
    /** One image on disk. {@code name} is null for one that lost its name to a newer import. */
    record Image(String name, String id, long sizeBytes, Instant created, ImageConfig config, Path dir) {
        Path rootfs() {
            return dir.resolve("rootfs");
        }
    }

    static final Duration TAR_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Predicate<Path> inUse;

    /** Images under {@code root}; {@code inUse} tells whether a container's root file system rests on an image directory. */
    ImageStore(Path root, Predicate<Path> inUse) {
        this.root = root;
        this.inUse = inUse;
    }

    Path root() {
        return root;
    }

    /** Imports {@code source} (a rootfs tarball, or an OCI image layout directory) as {@code name}. */
    synchronized Image importImage(String name, Path source) throws IOException, InterruptedException {
        String n = ImageNames.normalize(name);
        Files.createDirectories(root);
        Path tmp = root.resolve(".import-" + UUID.randomUUID());
        Files.createDirectories(tmp);
        try {
            String id;
            ImageConfig config;
            if (Files.isDirectory(source)) {
                if (!OciLayout.isLayout(source)) {
                    throw new IllegalArgumentException(source + " is a directory but no OCI image layout (no oci-layout and"
                            + " index.json); give a rootfs tarball or an OCI image layout directory");
                }
                OciLayout.Entry e = OciLayout.choose(source, n);
                Path bundle = tmp.resolve("bundle");
                config = OciLayout.unpack(source, e, bundle);
                Files.move(bundle.resolve("rootfs"), tmp.resolve("rootfs"));
                Tree.delete(bundle);
                id = e.digest();
            } else {
                Files.createDirectories(tmp.resolve("rootfs"));
                // GNU tar finds gzip (or another compression) by itself; numeric owners, as the image's files say
                HostCommand.Result r = HostCommand.run(List.of("tar", "-x", "-p", "--numeric-owner", "-f",
                        source.toAbsolutePath().toString(), "-C", tmp.resolve("rootfs").toString()), TAR_TIMEOUT);
                if (!r.ok()) {
                    throw new IllegalArgumentException("tar could not unpack " + source + " (" + r.brief()
                            + "); give a root file system tarball, plain or gzip, as docker export writes");
                }
                id = "sha256:" + sha256(source);
                config = ImageConfig.NONE;
            }
            Image made = new Image(n, id, Tree.size(tmp.resolve("rootfs")),
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), config, root.resolve(key()));
            write(tmp, made);
            Optional<Image> old = find(n);
            Files.move(tmp, made.dir(), StandardCopyOption.ATOMIC_MOVE);
            if (old.isPresent()) {
                release(old.get());
            }
            return made;
        } finally {
            if (Files.exists(tmp)) {
                Tree.delete(tmp);
            }
        }
    }

    /** The images with a name, newest first. */
    synchronized List<Image> list() throws IOException {
        return all().stream().filter(i -> i.name() != null).sorted(Comparator.comparing(Image::created).reversed()).toList();
    }

    synchronized Optional<Image> find(String name) throws IOException {
        String n = ImageNames.normalize(name);
        return all().stream().filter(i -> n.equals(i.name())).max(Comparator.comparing(Image::created));
    }

    /** Removes image {@code name}; one still in use loses only its name (removed with its last container). */
    synchronized void remove(Image image) throws IOException, InterruptedException {
        release(image);
    }

    /** Removes the image directories no container rests on any more and no name points to. */
    synchronized void collect() throws IOException, InterruptedException {
        for (Image i : all()) {
            if (i.name() == null && !inUse.test(i.rootfs())) {
                Tree.delete(i.dir());
            }
        }
    }

    boolean inUse(Image image) {
        return inUse.test(image.rootfs());
    }

    private void release(Image image) throws IOException, InterruptedException {
        if (inUse.test(image.rootfs())) {
            write(image.dir(), new Image(null, image.id(), image.sizeBytes(), image.created(), image.config(), image.dir()));
        } else {
            Tree.delete(image.dir());
        }
    }

    private List<Image> all() throws IOException {
        List<Image> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                Path meta = d.resolve("image.json");
                if (Files.isRegularFile(meta, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(JSON.readValue(meta.toFile(), Stored.class).image(d));
                }
            }
        }
        return out;
    }

    private static void write(Path dir, Image i) throws IOException {
        Tree.writeAtomically(dir.resolve("image.json"), JSON.writeValueAsBytes(new Stored(i)));
    }

    private static String key() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** image.json as Jackson reads and writes it (public fields: no extra modules). */
    static final class Stored {
        public String name;
        public String id;
        public long sizeBytes;
        public long createdMillis;
        public List<String> args = List.of();
        public List<String> env = List.of();
        public String cwd = "/";
        public long uid;
        public long gid;

        public Stored() {
        }

        Stored(Image i) {
            name = i.name();
            id = i.id();
            sizeBytes = i.sizeBytes();
            createdMillis = i.created().toEpochMilli();
            args = i.config().args();
            env = i.config().env();
            cwd = i.config().cwd();
            uid = i.config().uid();
            gid = i.config().gid();
        }

        Image image(Path dir) {
            return new Image(name, id, sizeBytes, Instant.ofEpochMilli(createdMillis),
                    new ImageConfig(args == null ? List.of() : args, env == null ? List.of() : env, cwd, uid, gid), dir);
        }
    }
}
