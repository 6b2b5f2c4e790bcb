package nexcage.api.containers;

/** What a command run with {@link Containers#exec} did: its exit code and its output, each capped at 1 MiB. */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
