package nexcage.api.runtime;

/** What a host command did: its exit code (-1 if it was killed at its timeout) and its output, each capped at 1 MiB. */
public record HostCommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {
}
