package nexcage.core.internal.containers;

import java.util.List;

import nexcage.core.internal.containers.ContainerArgs.Syntax;

/** What each container and image command accepts, and the help it gives ({@code nexcage run --help}). */
final class ContainerSyntax {
    private static final List<String> BACKEND = List.of("--backend");

    static final Syntax RUN = new Syntax("nexcage run [-d] [--rm] --name ID [--backend B] [--network none|host] IMAGE [CMD...]",
            "Creates a container named ID from IMAGE and starts it. Attached (without -d) it prints the container's output,"
                    + " passes Ctrl-C on to it and exits with its exit code; with -d it prints the ID. --rm removes the"
                    + " container once it exits; --network none gives it loopback only, host the host's network (without it,"
                    + " the backend's default).",
            List.of("-d", "--detach", "--rm"), List.of("--name", "--backend", "--network"), 1);
    static final Syntax CREATE = new Syntax("nexcage create --name ID [--backend B] [--network none|host] IMAGE [CMD...]",
            "Creates a container named ID from IMAGE without starting it ('nexcage start ID' starts it), and prints the ID;"
                    + " --network as for run.",
            List.of(), List.of("--name", "--backend", "--network"), 1);
    static final Syntax START = new Syntax("nexcage start [--backend B] ID...",
            "Starts each created or stopped container, and prints its ID.", List.of(), BACKEND);
    static final Syntax STOP = new Syntax("nexcage stop [-t S] [--backend B] ID...",
            "Stops each container: SIGTERM, then SIGKILL after S seconds (0 to 3600, default 10); prints its ID.",
            List.of(), List.of("-t", "--time", "--backend"));
    static final Syntax KILL = new Syntax("nexcage kill [-s SIG] [--backend B] ID...",
            "Sends each container the signal SIG (a name such as TERM or SIGHUP, or a number; default KILL); prints its ID.",
            List.of(), List.of("-s", "--signal", "--backend"));
    static final Syntax DELETE = new Syntax("nexcage delete [-f] [--backend B] ID...",
            "Removes each container; a running one only with -f, which kills it first. Prints its ID.",
            List.of("-f", "--force"), BACKEND);
    static final Syntax LIST = new Syntax("nexcage list [--all] [--json] [--backend B]",
            "Lists the containers NexCage made, running or not, after daemon restarts too; --all adds the engine's other"
                    + " containers.",
            List.of("--all", "-a", "--json"), BACKEND);
    static final Syntax INFO = new Syntax("nexcage info [--json] [--backend B] ID",
            "Shows one container's state, OCI-like: status, pid, image, backend, exit code and annotations (its labels).",
            List.of("--json"), BACKEND);
    static final Syntax EXEC = new Syntax("nexcage exec [--backend B] ID CMD [ARGS...]",
            "Runs CMD in the running container ID, prints its output and exits with its exit code.",
            List.of(), BACKEND, 1);
    static final Syntax LOGS = new Syntax("nexcage logs [-f] [-n N|all] [--backend B] ID",
            "Prints the container's output: the last N lines with -n, and with -f it goes on until the container stops.",
            List.of("-f", "--follow"), List.of("-n", "--tail", "--backend"));
    static final Syntax BACKEND_LIST = new Syntax("nexcage backend list [--json]",
            "Lists the container backends with their health: healthy (with the engine's version), unhealthy or undetected,"
                    + " and why.",
            List.of("--json"), List.of());

    static final Syntax IMAGE_IMPORT = new Syntax("nexcage image import [--backend B] NAME FILE|-",
            "Imports a root file system tarball (plain or gzip, as docker import takes it; - reads it from stdin) or an OCI"
                    + " image layout directory as the image NAME[:TAG] (:latest without a tag), replacing one of that name,"
                    + " and prints its id.",
            List.of(), BACKEND);
    static final Syntax IMAGE_LIST = new Syntax("nexcage image list [--json] [--backend B]",
            "Lists the images of every backend that keeps images, or of backend B: name, id, size, created and backend.",
            List.of("--json"), BACKEND);
    static final Syntax IMAGE_REMOVE = new Syntax("nexcage image remove [-f] [--backend B] NAME",
            "Removes the image NAME[:TAG]; one a container still uses only with -f. Prints its name.",
            List.of("-f", "--force"), BACKEND);

    private ContainerSyntax() {
    }
}
