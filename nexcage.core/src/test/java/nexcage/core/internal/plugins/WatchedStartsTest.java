package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.ResourceRequirements;
import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.testing.RecordingAccounting;

class WatchedStartsTest {
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    /** Runs what is handed to it when the test says so, so that a restart can come in between. */
    private final List<Runnable> queued = new ArrayList<>();
    private final WatchedStarts starts = new WatchedStarts(accounting,
            new DaemonLog(DaemonLog.Level.INFO, new PrintStream(logged, true, StandardCharsets.UTF_8)), queued::add, 0);

    private static WatchedPlugin plugin(String name) {
        return new WatchedPlugin(name, ResourceRequirements.DEFAULTS, Path.of("/tmp/data", name), c -> false);
    }

    private void threads(String name, int n) {
        accounting.usage.add(new PluginUsage(name, UsageFigures.ZERO, Map.of(), n, 0, 0, 0, Map.of(), List.of(), true));
    }

    private void runQueued() {
        List.copyOf(queued).forEach(Runnable::run);
        queued.clear();
    }

    @Test
    void aPluginIsWatchedFromItsStartUntilItHasStopped() {
        starts.started(plugin("hello"));
        starts.stopped("hello");
        runQueued();
        assertThat(accounting.events).containsExactly("watch hello", "unwatch hello");
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPluginThatStillRunsThreadsAfterItStoppedIsNamed() {
        threads("leaky", 2);
        starts.started(plugin("leaky"));
        starts.stopped("leaky");
        runQueued();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("[plugins] plugin leaky stopped but still runs 2 threads of its own; "
                + "its deinit should end every thread it started");
        assertThat(accounting.events).endsWith("unwatch leaky");
    }

    @Test
    void theEndOfAnEarlierStartDoesNotUnwatchAPluginStartedAgain() {
        threads("quick", 1);
        starts.started(plugin("quick"));
        starts.stopped("quick");
        starts.started(plugin("quick"));
        runQueued();
        assertThat(accounting.events).containsExactly("watch quick", "watch quick");
        assertThat(logged.toString(StandardCharsets.UTF_8)).as("its threads are the new start's").isEmpty();
    }

    @Test
    void ownPackagesAreThoseOfTheBundlesOwnClassesEmbeddedOnesIncluded() {
        OwnPackages own = OwnPackages.ofResources(List.of("org/example/hello/Hello.class", "org/example/hello/Hello$1.class",
                "com/github/dockerjava/core/DockerClientImpl.class", "Top.class"));
        assertThat(own.test("org.example.hello.Hello$Worker")).isTrue();
        assertThat(own.test("com.github.dockerjava.core.DockerClientImpl")).isTrue();
        assertThat(own.test("Top")).isTrue();
        assertThat(own.test("org.example.Other")).as("a parent package is not its own").isFalse();
        assertThat(own.test("nexcage.core.internal.plugins.Timed")).isFalse();
    }
}
