package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;
import nexcage.api.backend.ImageInfo;
import nexcage.api.backend.ManagedLabels;

import nexcage.backend.support.CommandLookup;

/** Making, listing and removing containers, and the images they come from. */
final class LxcContainers {

    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);
    static final String SYSTEM_INIT = "/sbin/init";

    private final Lxcpath lxcpath;
    private final ImageStore images;
    private final LxcRuns runs;
    private final LxcTools tools;

    LxcContainers(Lxcpath lxcpath, ImageStore images, LxcRuns runs, LxcTools tools) {
        this.lxcpath = lxcpath;
        this.images = images;
        this.runs = runs;
        this.tools = tools;
    }

    ContainerInfo create(ContainerSpec spec, String backend) throws BackendException {
        String network = spec.network();
        if (network != null && !network.equals(ContainerSpec.NETWORK_NONE) && !network.equals(ContainerSpec.NETWORK_HOST)) {
            throw new BackendException(Reason.UNSUPPORTED, "the lxc backend gives a container no network (none, its default) or"
                    + " the host's (host), not '" + network + "'; choose --network none or host");
        }
        ImageStore.Stored image = images.find(spec.image())
                .orElseThrow(() -> new BackendException(Reason.NO_SUCH_IMAGE, ImageStore.noSuchImage(spec.image())));
        List<String> command = !spec.command().isEmpty() ? spec.command() : image.command();
        boolean system = command.isEmpty();
        if (system) {
            Path init = CommandLookup.resolve(image.rootfs(), SYSTEM_INIT);
            if (init == null || !Files.isRegularFile(init)) {
                throw new BackendException(Reason.OTHER, "image " + spec.image() + " has no command of its own and no " + SYSTEM_INIT
                        + " to boot; give the command to run after the image");
            }
            command = List.of(SYSTEM_INIT);
        }
        Path common = tools.commonConfig().orElseThrow(() -> new BackendException(Reason.ENGINE_UNAVAILABLE,
                "lxc's common configuration (" + LxcTools.COMMON_CONFIGS.get(0) + ") is missing; " + LxcTools.INSTALL_HINT));
        ContainerPaths p = lxcpath.paths(spec.id());
        try {
            Files.createDirectories(lxcpath.root());
            Files.createDirectory(p.dir());
        } catch (FileAlreadyExistsException e) {
            throw new BackendException(Reason.NAME_IN_USE, "container name " + spec.id() + " is already in use on the lxc backend;"
                    + " choose another name or delete that container (nexcage delete " + spec.id() + ")");
        } catch (IOException e) {
            throw new BackendException(Reason.OTHER, "cannot make the folder of container " + spec.id() + " in " + lxcpath.root()
                    + ": " + e.getMessage());
        }
        try {
            LxcTools.Result cp = tools.run(COPY_TIMEOUT, "cp", "-a", "--reflink=auto", image.rootfs().toString(), p.rootfs().toString());
            if (!cp.ok()) {
                throw new BackendException(Reason.OTHER, "cannot copy image " + spec.image() + " for container " + spec.id() + " ("
                        + cp.complaint() + "); check the space left in " + lxcpath.root());
            }
            ContainerRecord r = new ContainerRecord(spec.id(), spec.image(), image.info().id(), command, system, image.env(),
                    image.workdir(), spec.labels(), Instant.now(), spec.autoRemove(), network);
            Files.writeString(p.config(), LxcConfig.render(r, p, common));
            r.write(p.dir());
            return new ContainerInfo(spec.id(), spec.id(), spec.image(), ContainerStatus.CREATED, backend, r.created(), 0, null,
                    spec.labels());
        } catch (IOException e) {
            ImageStore.deleteTree(p.dir());
            throw new BackendException(Reason.OTHER, "cannot write container " + spec.id() + " in " + p.dir() + ": " + e.getMessage());
        } catch (BackendException | RuntimeException e) {
            ImageStore.deleteTree(p.dir());
            throw e;
        }
    }

    void delete(String id, boolean force) throws BackendException {
        ContainerPaths p = lxcpath.existing(id);
        Lxcpath.State s = lxcpath.state(id);
        if (s.running()) {
            if (!force) {
                throw new BackendException(Reason.CONTAINER_RUNNING, "container " + id + " is running; stop it first or delete it"
                        + " with -f (nexcage delete -f " + id + ")");
            }
            tools.run(Lxcpath.QUICK, "kill", "-9", Long.toString(s.pid()));
            if (!runs.awaitStop(id, Duration.ofSeconds(10))) {
                throw new BackendException(Reason.OTHER, "container " + id + " did not stop within 10 s of KILL; see " + p.runLog());
            }
        }
        runs.forget(id);
        if (!lxcpath.exists(id)) {
            return; // an autoRemove container went with its stop
        }
        LxcTools.Result r = tools.run(Duration.ofMinutes(5), "lxc-destroy", "-P", lxcpath.root().toString(), "-n", id);
        if (!r.ok() && lxcpath.exists(id)) {
            throw new BackendException(Reason.OTHER, "lxc could not destroy container " + id + " (" + r.complaint() + ")");
        }
        // lxc-destroy leaves the folder when something else (a log file kept open) holds a file of it
        ImageStore.deleteTree(p.dir());
    }

    List<ContainerInfo> list(boolean all) throws BackendException {
        List<String> names = lxcpath.names();
        if (names.isEmpty()) {
            return List.of(); // no lxc-ls to run: every 'nexcage list' asks each backend
        }
        Map<String, Lxcpath.State> states = lxcpath.states();
        List<ContainerInfo> out = new ArrayList<>();
        for (String id : names) {
            ContainerInfo i = lxcpath.info(id, states.getOrDefault(id, new Lxcpath.State("STOPPED", 0)));
            if (all || "true".equals(i.labels().get(ManagedLabels.MANAGED))) {
                out.add(i);
            }
        }
        return out;
    }

    ContainerInfo info(String id) throws BackendException {
        lxcpath.existing(id);
        return lxcpath.info(id, lxcpath.state(id));
    }

    ImageInfo importImage(String name, Path source) throws BackendException {
        return images.importImage(name, source);
    }

    List<ImageInfo> images() throws BackendException {
        return images.images();
    }

    void removeImage(String name, boolean force) throws BackendException {
        String normalized = ImageStore.normalize(name);
        if (images.find(normalized).isEmpty()) {
            throw new BackendException(Reason.NO_SUCH_IMAGE, ImageStore.noSuchImage(normalized));
        }
        List<String> users = new ArrayList<>();
        for (String id : lxcpath.names()) {
            ContainerRecord r = ContainerRecord.read(lxcpath.paths(id).dir());
            if (r != null && sameImage(r.image(), normalized)) {
                users.add(id);
            }
        }
        if (!users.isEmpty() && !force) {
            throw new BackendException(Reason.IMAGE_IN_USE, "image " + normalized + " is used by container" + (users.size() > 1 ? "s " : " ")
                    + String.join(", ", users) + "; delete " + (users.size() > 1 ? "them" : "it") + " first, or remove the image with -f"
                    + " (each container keeps its own copy of the root file system)");
        }
        images.remove(normalized);
    }

    private static boolean sameImage(String image, String normalized) {
        try {
            return ImageStore.normalize(image).equals(normalized);
        } catch (BackendException notAName) {
            return false;
        }
    }
}
