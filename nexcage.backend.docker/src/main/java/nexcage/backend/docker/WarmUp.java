package nexcage.backend.docker;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DockerClientConfig;

import nexcage.api.backend.ManagedLabels;
import nexcage.backend.docker.Failures.Op;

/**
 * Connects and exercises the calls users make first, so that they do not pay for class loading
 * (0.15-0.4 s in a fresh JVM). By default ({@code warm_up: lazy}) it runs when the first container
 * or image command makes docker-java's clients ({@link Engine#onFirstClients(Runnable)}), not at
 * activation: an idle daemon keeps docker-java unloaded (about 14 MB of RSS), and the first command
 * overlaps it (0.3-0.5 s slower). {@code warm_up: activation} runs it when the backend activates.
 */
final class WarmUp {
    private WarmUp() {
    }

    /**
     * Whether the setting {@code warm_up} asks for the warm-up at activation; absent or blank is
     * {@code lazy}. Any other value is refused in one sentence (the plugin's checkConfig).
     */
    static boolean atActivation(Object setting) {
        String v = setting == null ? "" : setting.toString().strip();
        if (v.isEmpty() || v.equals(DockerConfig.WARM_UP_LAZY)) {
            return false;
        }
        if (v.equals(DockerConfig.WARM_UP_ACTIVATION)) {
            return true;
        }
        throw new IllegalArgumentException("warm_up '" + v + "' is not a warm-up setting; write " + DockerConfig.WARM_UP_LAZY
                + " (docker-java is loaded at the first container command, the default) or " + DockerConfig.WARM_UP_ACTIVATION
                + " (at the daemon's start)");
    }

    static void run(Engine engine) {
        try {
            EngineConnection c = engine.connection();
            c.api().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ManagedLabels.MANAGED, "true")).exec();
            try {
                c.api().inspectContainerCmd("nexcage-warm-up-" + System.nanoTime()).exec();
            } catch (NotFoundException expected) {
                Failures.map(Op.INFO, "warm-up", null, expected);
            }
            answerTypes();
            String nothing = "nexcage-warm-up-" + System.nanoTime();
            try {
                c.http().start(nothing);
            } catch (NotFoundException expected) {
                // the engine's answer to a start of nothing: the request and error path of every run
            }
            try {
                c.http().waitFor(nothing, "not-running").close();
            } catch (NotFoundException expected) {
                // the same for a stream (on a Unix socket asked and read by this thread, over TCP on another)
            }
            EventPump.statusAfter("die");
        } catch (Exception | LinkageError e) {
            // the engine is down at boot (health says why) or a warm-up step failed: nothing is lost
        }
    }

    /** The request and answer types of the other calls, through the shared mapper. */
    private static void answerTypes() throws Exception {
        ObjectMapper mapper = DockerClientConfig.getDefaultObjectMapper();
        mapper.writeValueAsBytes(ContainerMapping.containerConfig("warm-up", List.of("true"), Map.of(ManagedLabels.MANAGED, "true"),
                false));
        mapper.readValue("{\"Id\":\"x\",\"Name\":\"/x\",\"Created\":\"2020-01-01T00:00:00.000000001Z\","
                + "\"State\":{\"Status\":\"exited\",\"Pid\":0,\"ExitCode\":0},\"Config\":{\"Image\":\"x\",\"Labels\":{}},"
                + "\"HostConfig\":{\"AutoRemove\":false}}", InspectContainerResponse.class);
        mapper.readValue("{\"ID\":\"x\",\"Running\":false,\"ExitCode\":0}", InspectExecResponse.class);
        mapper.readValue("{\"Id\":\"x\"}", ExecCreateCmdResponse.class);
        new Streams.Copy(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        EngineHttp.copyFrames(new ByteArrayInputStream(new byte[] {1, 0, 0, 0, 0, 0, 0, 1, 'x'}),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }
}
