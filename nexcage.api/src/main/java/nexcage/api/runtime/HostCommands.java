package nexcage.api.runtime;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs a command on the host for a plugin ({@code host_command}): no shell, the argument vector as
 * given, stdin closed, killed when {@code timeout} passes (capped by the plugin's
 * {@code timeout_seconds}), and one audit line in the daemon's log naming the plugin and the command.
 */
@ProviderType
public interface HostCommands {

    HostCommandResult run(List<String> argv, Duration timeout);
}
