package nexcage.backend.oci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.backend.support.ContainerFiles;

/**
 * One container's directory under {@code containers/}: its record ({@code container.json}), its
 * OCI bundle ({@code config.json}, {@code rootfs/}, with {@code upper/} and {@code work/} when the
 * root file system is an overlay), its output ({@code stdout.log}, {@code stderr.log}), the
 * runtime's own errors ({@code runtime.log}), and what its monitor leaves: {@code monitor} (the
 * monitor's pid and start), {@code pid} (the container's, written by the runtime) and
 * {@code exit} (its exit code, written by the monitor when the runtime returns).
 */
final class ContainerDir extends ContainerFiles {
    /** What the backend keeps about a container besides its bundle. */
    record Record(String id, String image, String imageDir, String runtime, Instant created, Map<String, String> labels,
            boolean autoRemove, String network, String rootfsMode, String path, String cwd) {
        Record {
            labels = Map.copyOf(labels);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    ContainerDir(Path dir) {
        super(dir);
    }

    String id() {
        return dir().getFileName().toString();
    }

    Path runtimeLog() {
        return dir().resolve("runtime.log");
    }

    Path pidFile() {
        return dir().resolve("pid");
    }

    Path exitFile() {
        return dir().resolve("exit");
    }

    Path monitorFile() {
        return dir().resolve("monitor");
    }

    boolean exists() {
        return Files.isRegularFile(dir().resolve("container.json"));
    }

    void write(Record r) throws IOException {
        writeAtomically("container.json", JSON.writeValueAsBytes(new Stored(r)));
    }

    Record read() throws IOException {
        return JSON.readValue(dir().resolve("container.json").toFile(), Stored.class).record();
    }

    void writeConfig(byte[] json) throws IOException {
        writeAtomically("config.json", json);
    }

    /** The exit code the monitor wrote; empty while it runs (or when it died without writing one). */
    Optional<Integer> exitCode() {
        return readInt(exitFile());
    }

    /** The container's pid as the runtime wrote it; empty until the runtime has created it. */
    Optional<Integer> pid() {
        return readInt(pidFile());
    }

    /**
     * The monitor started for this container, if one was and it still runs (a pid recycled since
     * is not taken for it: the monitor's command line names this directory).
     */
    Optional<ProcessHandle> monitor() {
        Optional<Integer> pid = readInt(monitorFile());
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        String mine = dir().toString();
        return ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> java.util.Arrays.asList(a).contains(mine)).orElse(true));
    }

    boolean started() {
        return Files.exists(monitorFile());
    }

    /** Forgets the last run's monitor, pid and exit code, before a new start. */
    void clearRun() throws IOException {
        for (Path p : new Path[] {monitorFile(), pidFile(), exitFile(), runtimeLog()}) {
            Files.deleteIfExists(p);
        }
    }

    private void writeAtomically(String name, byte[] content) throws IOException {
        Tree.writeAtomically(dir().resolve(name), content);
    }

    private static Optional<Integer> readInt(Path p) {
        String s = readString(p);
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.valueOf(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The record as JSON (a plain bean for Jackson, which the runtime's Jackson reads without extra modules). */
    static final class Stored {
        public String id;
        public String image;
        public String imageDir;
        public String runtime;
        public long createdMillis;
        public Map<String, String> labels = Map.of();
        public boolean autoRemove;
        public String network;
        public String rootfsMode;
        public String path;
        public String cwd;

        public Stored() {
        }

        Stored(Record r) {
            id = r.id();
            image = r.image();
            imageDir = r.imageDir();
            runtime = r.runtime();
            createdMillis = r.created().toEpochMilli();
            labels = r.labels();
            autoRemove = r.autoRemove();
            network = r.network();
            rootfsMode = r.rootfsMode();
            path = r.path();
            cwd = r.cwd();
        }

        Record record() {
            return new Record(id, image, imageDir, runtime, Instant.ofEpochMilli(createdMillis), labels == null ? Map.of() : labels,
                    autoRemove, network, rootfsMode, path, cwd);
        }
    }
}
