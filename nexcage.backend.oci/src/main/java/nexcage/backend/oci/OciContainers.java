package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerEvent;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ManagedLabels;

/**
 * Containers as directories: create (the bundle on an image), delete, list and info, and the
 * state each is in, read from what its monitor left (no runtime call: a list costs file reads).
 */
final class OciContainers {
    static final String BACKEND = "oci";

    /** A container's state: running with the container's pid, or stopped with its exit code (null when unknown). */
    record State(ContainerStatus status, long pid, Integer exitCode) {
    }

    private final OciHost host;

    OciContainers(OciHost host) {
        this.host = host;
    }

    ContainerInfo create(ContainerSpec spec) throws BackendException {
        String id = spec.id();
        boolean hostNetwork = network(spec);
        OciRuntime runtime = host.runtime();
        ImageStore.Image image = image(spec.image());
        List<String> command = spec.command().isEmpty() ? image.config().args() : spec.command();
        if (command.isEmpty()) {
            throw new BackendException(Reason.OTHER, "image " + spec.image() + " has no command of its own; give one after the image,"
                    + " e.g. nexcage run --backend oci --name " + id + " " + spec.image() + " sh");
        }
        ContainerDir d = host.dir(id);
        try {
            Files.createDirectories(host.containers());
            Files.createDirectory(d.dir());
        } catch (FileAlreadyExistsException e) {
            throw new BackendException(Reason.NAME_IN_USE, "the name " + id + " is already in use by another container; delete that one"
                    + " (nexcage delete " + id + ") or choose another name", e);
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot make the directory " + d.dir() + " of container " + id + ": " + e.getMessage()
                    + "; check the state directory", e);
        }
        Instant created = Instant.now();
        try {
            RootFs.make(host.rootfsMode(), image.rootfs(), d.dir());
            d.writeConfig(BundleSpec.bytes(BundleSpec.config(id, command, image.config(), spec.labels(), hostNetwork, host.init())));
            Files.createFile(d.stdout());
            Files.createFile(d.stderr());
            d.write(new ContainerDir.Record(id, ImageNames.normalize(spec.image()), image.rootfs().toString(), runtime.name(), created,
                    spec.labels(), spec.autoRemove(), hostNetwork ? ContainerSpec.NETWORK_HOST : ContainerSpec.NETWORK_NONE,
                    host.rootfsMode(), image.config().path(), image.config().cwd()));
        } catch (IOException | RuntimeException e) {
            discard(d);
            throw new BackendException(Reason.OTHER, "cannot create container " + id + " from " + spec.image() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            discard(d);
            throw interrupted("create " + id);
        }
        host.emit(new ContainerEvent(id, "create", ContainerStatus.CREATED, null));
        return new ContainerInfo(id, id, ImageNames.normalize(spec.image()), ContainerStatus.CREATED, BACKEND, created, 0, null,
                spec.labels());
    }

    void delete(String id, boolean force, OciRuns runs) throws BackendException {
        ContainerDir d = existing(id);
        State s = state(d);
        if (s.status() == ContainerStatus.RUNNING) {
            if (!force) {
                throw new BackendException(Reason.CONTAINER_RUNNING, "container " + id + " is running; stop it first, or use -f to delete it anyway");
            }
            runs.killAndWait(d, id);
        }
        remove(d);
        host.emit(new ContainerEvent(id, "destroy", null, null));
    }

    /** Unmounts and removes a container's directory, and the runtime's state of it if any is left. */
    void remove(ContainerDir d) throws BackendException {
        try {
            ContainerDir.Record r = readOrNull(d);
            if (r != null && d.exitCode().isEmpty() && d.started()) {
                // its monitor died without an exit code (killed, or a reboot): the runtime may still hold its state
                OciRuntime.named(r.runtime(), host.runtimeRoot()).ifPresent(rt -> quietly(rt.deleteCommand(d.id())));
            }
            RootFs.unmount(d.dir());
            Tree.delete(d.dir());
            host.images().collect();
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot remove container " + d.id() + " (" + e.getMessage() + "); remove "
                    + d.dir() + " by hand", e);
        } catch (InterruptedException e) {
            throw interrupted("delete " + d.id());
        }
    }

    List<ContainerInfo> list(boolean all) throws BackendException {
        List<ContainerInfo> out = new ArrayList<>();
        if (!Files.isDirectory(host.containers())) {
            return out;
        }
        try (Stream<java.nio.file.Path> dirs = Files.list(host.containers())) {
            for (ContainerDir d : dirs.map(ContainerDir::new).toList()) {
                ContainerDir.Record r = readOrNull(d);
                if (r != null && (all || "true".equals(r.labels().get(ManagedLabels.MANAGED)))) {
                    out.add(info(d, r));
                }
            }
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot read the containers in " + host.containers() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ContainerInfo::created).reversed());
        return out;
    }

    ContainerInfo info(String id) throws BackendException {
        ContainerDir d = existing(id);
        ContainerDir.Record r = readOrNull(d);
        if (r == null) {
            throw noSuchContainer(id);
        }
        return info(d, r);
    }

    private ContainerInfo info(ContainerDir d, ContainerDir.Record r) {
        State s = state(d);
        return new ContainerInfo(r.id(), r.id(), r.image(), s.status(), BACKEND, r.created(), s.pid(), s.exitCode(), r.labels());
    }

    /** The container's state, from its directory: created (never started), running (its monitor lives) or stopped. */
    State state(ContainerDir d) {
        Optional<Integer> exit = d.exitCode();
        if (exit.isPresent()) {
            return new State(ContainerStatus.STOPPED, 0, exit.get());
        }
        if (!d.started()) {
            return new State(ContainerStatus.CREATED, 0, null);
        }
        Process mine = host.monitors.get(d.id());
        boolean alive = mine != null ? mine.isAlive() : d.monitor().isPresent();
        if (alive) {
            return new State(ContainerStatus.RUNNING, d.pid().orElse(0), null);
        }
        return new State(ContainerStatus.STOPPED, 0, d.exitCode().orElse(null));
    }

    ContainerDir existing(String id) throws BackendException {
        ContainerDir d = host.dir(id);
        if (id == null || id.contains("/") || id.startsWith(".") || !d.exists()) {
            throw noSuchContainer(id);
        }
        return d;
    }

    ImageStore.Image image(String name) throws BackendException {
        try {
            return host.images().find(name).orElseThrow(() -> new BackendException(Reason.NO_SUCH_IMAGE, "image " + name
                    + " is not in the oci backend; import it with nexcage image import --backend oci " + name + " FILE"));
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot read the oci backend's images in " + host.images().root() + ": "
                    + e.getMessage(), e);
        }
    }

    static BackendException noSuchContainer(String id) {
        return new BackendException(Reason.NO_SUCH_CONTAINER, "there is no container " + id
                + " on the oci backend; nexcage list --all shows the containers there");
    }

    static BackendException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new BackendException(Reason.OTHER, "interrupted while waiting to " + what);
    }

    private static boolean network(ContainerSpec spec) throws BackendException {
        String n = spec.network();
        if (n == null || n.equals(ContainerSpec.NETWORK_NONE)) {
            return false;
        }
        if (n.equals(ContainerSpec.NETWORK_HOST)) {
            return true;
        }
        throw new BackendException(Reason.OTHER, "the oci backend gives a container no network (only lo) or the host's, not " + n
                + "; use --network none or --network host");
    }

    private static ContainerDir.Record readOrNull(ContainerDir d) {
        try {
            return d.exists() ? d.read() : null;
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private void discard(ContainerDir d) {
        try {
            RootFs.unmount(d.dir());
            Tree.delete(d.dir());
        } catch (IOException e) {
            // the create's failure is what the caller hears of
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(List<String> command) {
        try {
            HostCommand.run(command, HostCommand.SHORT);
        } catch (IOException e) {
            // best effort: the directory goes anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
