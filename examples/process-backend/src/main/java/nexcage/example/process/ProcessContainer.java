package nexcage.example.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;
import nexcage.api.backend.ContainerInfo;
import nexcage.api.backend.ContainerSpec;
import nexcage.api.backend.ContainerStatus;

/** One container of the process backend: what it was created with, its directory, and its process once started. */
final class ProcessContainer {
    private final ContainerSpec spec;
    private final Path dir;
    private final Instant created = Instant.now();
    private Process process;

    ProcessContainer(ContainerSpec spec, Path dir) {
        this.spec = spec;
        this.dir = dir;
    }

    ContainerSpec spec() {
        return spec;
    }

    Path dir() {
        return dir;
    }

    /** Where the process writes its stdout and stderr, merged. */
    Path output() {
        return dir.resolve("output.log");
    }

    /** The process, or null before the first start. */
    synchronized Process process() {
        return process;
    }

    /** Starts the command in the container's directory, its output appended to {@link #output()}. */
    synchronized Process start() throws BackendException {
        if (process != null && process.isAlive()) {
            throw new BackendException(Reason.CONTAINER_RUNNING, "container " + spec.id() + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output().toFile()));
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new BackendException(Reason.COMMAND_NOT_FOUND, "container " + spec.id() + ": cannot run '" + spec.command().get(0)
                    + "' (" + e.getMessage() + "); give a command on the daemon's PATH", e);
        }
        return process;
    }

    ContainerInfo info(String backend) {
        Process p = process();
        ContainerStatus status = p == null ? ContainerStatus.CREATED : p.isAlive() ? ContainerStatus.RUNNING : ContainerStatus.STOPPED;
        return new ContainerInfo(spec.id(), "process-" + spec.id(), spec.image(), status, backend, created,
                status == ContainerStatus.RUNNING ? p.pid() : 0, status == ContainerStatus.STOPPED ? p.exitValue() : null,
                spec.labels());
    }
}
