import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.WaitContainerCondition;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import nexcage.api.backend.ContainerSpec;
import nexcage.backend.docker.DockerBackend;

/**
 * bench/backend: one container life cycle (create -> start -> wait for its exit -> remove, running
 * {@code echo hi}) inside one JVM, done seven or eight ways, interleaved:
 * <ul>
 * <li><b>backend</b>: through {@link DockerBackend} (docker-java, as the plugin runs it), the calls
 * {@code nexcage run --rm} makes: {@code create} with auto-remove, {@code startAttached} (attach, a
 * wait for the next exit, start, copy the output, the exit code, a wait for the removal);</li>
 * <li><b>raw</b>: hand-written HTTP/1.1 on the engine's Unix socket (java.nio UnixDomain
 * SocketChannel, one kept-alive connection): POST /containers/create, POST /start, POST /wait,
 * DELETE;</li>
 * <li><b>raw+attach</b>: hand-written HTTP, exactly the requests the backend makes on Docker: the same
 * container (init, labels, AutoRemove), the output attached (a second, upgraded connection), a wait
 * for the removal (a third) in place before the start, the output read to its end, the removal's
 * answer, which is the exit code. With {@code -Dbench.raw_attach=next-exit}, the backend's requests
 * on other engines (and on Docker before issue 20's last change): a wait for the next exit in place
 * of the removal's, the exit code, then a wait for the removal on the kept-alive connection;</li>
 * <li><b>raw as docker run</b>: hand-written HTTP again, but the requests {@code docker run --rm}
 * itself makes: a container without init or labels and with AutoRemove, attach, a wait for
 * {@code condition=removed} registered before the start (a third connection), start, output to
 * its end, the wait's answer; the engine removes the container;</li>
 * <li><b>docker run</b>: {@code docker run --rm IMAGE echo hi} started from this JVM. Against it,
 * raw as docker run is the floor of any client: the engine's own work for exactly that run,
 * asked with no client process, no daemon and no library in between;</li>
 * <li><b>docker-java</b>: the backend's requests made through docker-java's command layer
 * (create, attach and wait for the next exit with callbacks, start, wait for the removal), as a
 * docker-java user writes them, on transports built like the backend's;</li>
 * <li><b>raw as docker run --init</b>: raw as docker run with {@code Init: true}, as NexCage's
 * containers have it: what the init process costs the engine;</li>
 * <li><b>nexcage</b> (when {@code -Dbench.nexcage=LAUNCHER} names the launcher; NEXCAGE_HOME and
 * NEXCAGE_STATE in the environment name a running daemon): {@code nexcage run --rm} started from
 * this JVM as docker run is, so that it runs side by side with the floor, paired;</li>
 * <li><b>nexcage_native</b> (when {@code -Dbench.nexcage_native=CLIENT} names the native client,
 * target/runtime/bin/nexcage): the same through it, against the same daemon.</li>
 * </ul>
 * Then one request the engine answers at once (start of a running container) made many times by
 * the backend, docker-java's command layer and raw HTTP: the cost each adds per request (PERCALL).
 * Besides medians it prints the median of the per-run ratios (PAIRED): the ways of one run ran back
 * to back, so the drift of a shared machine cancels out of each ratio.
 * Usage: java -cp CLASSPATH BackendBench.java IMAGE WARMUP RUNS [SOCKET]
 */
public final class BackendBench {

    static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]{64})\"");
    static final Pattern STATUS_CODE = Pattern.compile("\"StatusCode\"\\s*:\\s*(-?\\d+)");
    static final String API = "/v1.41";

    static String image;
    static String socket;
    static String prefix = System.getProperty("bench.prefix", "nxbench-" + ProcessHandle.current().pid()) + "-";
    static int seq;
    /** The nexcage launcher (its NEXCAGE_HOME and NEXCAGE_STATE come from the environment), or null: no nexcage run way. */
    static final String NEXCAGE = System.getProperty("bench.nexcage");
    /** The exit raw+attach waits for before the start: removed (the backend on Docker) or next-exit (elsewhere). */
    static final String RAW_ATTACH = System.getProperty("bench.raw_attach", "removed");
    /** The native client (launcher/nexcage-client.c, built to target/runtime/bin/nexcage), or null: no nexcage_native way. */
    static final String NEXCAGE_NATIVE = System.getProperty("bench.nexcage_native");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: BackendBench IMAGE WARMUP RUNS [SOCKET]");
        }
        image = args[0];
        int warmup = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        socket = args.length > 3 ? args[3] : "/var/run/docker.sock";

        DockerBackend backend = new DockerBackend("unix://" + socket);
        backend.startWarmUp().join(); // what the plugin does when it is activated
        Raw raw = new Raw();
        CommandLayer commands = new CommandLayer();
        List<String> names = new ArrayList<>(List.of("backend", "raw", "raw_attach", "raw_docker", "docker_run", "docker_java",
                "raw_docker_init", "raw_docker_spawn"));
        if (NEXCAGE != null) {
            names.add("nexcage");
        }
        if (NEXCAGE_NATIVE != null) {
            names.add("nexcage_native");
        }
        try {
            for (int i = 0; i < warmup; i++) {
                for (int which = 0; which < names.size(); which++) {
                    cycle(names.get(which), backend, raw, commands);
                }
            }
            List<List<Double>> times = new ArrayList<>();
            StringBuilder title = new StringBuilder("run  ");
            for (String name : names) {
                times.add(new ArrayList<>());
                title.append(String.format(Locale.ROOT, " %16s", name + "_ms"));
            }
            System.out.println(title);
            for (int i = 0; i < runs; i++) {
                // the order rotates, so that no way always follows the same one
                double[] t = new double[names.size()];
                for (int k = 0; k < names.size(); k++) {
                    int which = (i + k) % names.size();
                    long t0 = System.nanoTime();
                    cycle(names.get(which), backend, raw, commands);
                    t[which] = (System.nanoTime() - t0) / 1e6;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5d", i + 1));
                for (int k = 0; k < names.size(); k++) {
                    times.get(k).add(t[k]);
                    line.append(String.format(Locale.ROOT, " %16.2f", t[k]));
                }
                System.out.println(line);
            }
            printSummary(names, times);
            perCall(backend, raw, commands, Math.max(200, runs * 10));
        } finally {
            raw.close();
            commands.close();
            backend.close();
        }
    }

    /** The MEDIANS, RANGES and PAIRED lines run.sh reads. */
    static void printSummary(List<String> names, List<List<Double>> times) {
        StringBuilder medians = new StringBuilder("MEDIANS");
        StringBuilder ranges = new StringBuilder("RANGES");
        for (int k = 0; k < names.size(); k++) {
            List<Double> v = times.get(k);
            medians.append(String.format(Locale.ROOT, " %s=%.2f", names.get(k), median(v)));
            ranges.append(String.format(Locale.ROOT, " %s=%.2f-%.2f", names.get(k), min(v), max(v)));
        }
        System.out.println(medians);
        System.out.println(ranges);
        // the median of the per-run ratios: each pair ran back to back, so drift of a shared machine cancels
        StringBuilder paired = new StringBuilder("PAIRED");
        for (String pair : List.of("backend/raw", "backend/raw_attach", "raw_attach/docker_run", "raw_docker/docker_run",
                "backend/docker_java", "docker_java/raw_attach", "raw_docker_init/raw_docker", "raw_attach/raw_docker",
                "nexcage/raw_docker", "nexcage/raw_attach", "nexcage/docker_run", "nexcage/backend",
                "raw_docker_spawn/raw_docker", "nexcage/raw_docker_spawn", "nexcage_native/raw_docker",
                "nexcage_native/raw_docker_spawn", "nexcage_native/nexcage", "nexcage_native/backend",
                "nexcage_native/raw_attach")) {
            int a = names.indexOf(pair.substring(0, pair.indexOf('/')));
            int b = names.indexOf(pair.substring(pair.indexOf('/') + 1));
            if (a >= 0 && b >= 0) {
                paired.append(String.format(Locale.ROOT, " %s=%.3f", pair, pairedRatio(times.get(a), times.get(b))));
            }
        }
        System.out.println(paired);
        // issue 20's target figure, with how far one run pins it down
        int a = names.indexOf("nexcage_native");
        int b = names.indexOf("raw_docker");
        if (a >= 0 && b >= 0) {
            double[] ci = medianInterval(ratios(times.get(a), times.get(b)));
            System.out.printf(Locale.ROOT, "PAIRED_CI nexcage_native/raw_docker=%.3f-%.3f%n", ci[0], ci[1]);
        }
    }

    /**
     * One request the engine answers at once, made many times: {@code start} of a container that is
     * running already (the engine answers 304). What each way adds to a request, without a
     * container's start in the figure to drown it.
     */
    static void perCall(DockerBackend backend, Raw raw, CommandLayer commands, int n) throws Exception {
        String id = nextName("calls"); // the backend addresses containers by name; so do the others here
        raw.runDetached(id, "sleep", "3600");
        try {
            List<List<Double>> t = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < n + 50; i++) {
                for (int k = 0; k < 3; k++) {
                    int which = (i + k) % 3;
                    long t0 = System.nanoTime();
                    switch (which) {
                        case 0 -> backend.start(id);
                        case 1 -> commands.startRunning(id);
                        default -> raw.startRunning(id);
                    }
                    if (i >= 50) { // the first 50 warm up
                        t.get(which).add((System.nanoTime() - t0) / 1e3);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "PERCALL n=%d backend=%.0f docker_java=%.0f raw=%.0f%n", n, median(t.get(0)),
                    median(t.get(1)), median(t.get(2)));
            System.out.printf(Locale.ROOT, "PERCALL_PAIRED backend/raw=%.2f docker_java/raw=%.2f backend/docker_java=%.2f%n",
                    pairedRatio(t.get(0), t.get(2)), pairedRatio(t.get(1), t.get(2)), pairedRatio(t.get(0), t.get(1)));
        } finally {
            raw.call("DELETE", API + "/containers/" + id + "?force=1", null);
        }
    }

    static void cycle(String which, DockerBackend backend, Raw raw, CommandLayer commands) throws Exception {
        switch (which) {
            case "backend" -> backendCycle(backend);
            case "raw" -> raw.cycle(false);
            case "raw_attach" -> raw.cycle(true);
            case "raw_docker" -> raw.asDockerRun();
            case "docker_run" -> dockerRun();
            case "docker_java" -> commands.cycle();
            case "raw_docker_init" -> raw.asDockerRunWithInit();
            case "raw_docker_spawn" -> spawnThenAsDockerRun(raw);
            case "nexcage" -> nexcageRun(NEXCAGE);
            case "nexcage_native" -> nexcageRun(NEXCAGE_NATIVE);
            default -> throw new IllegalArgumentException("no way named " + which);
        }
    }

    /**
     * The floor for any client that is a process: the cheapest process there is ({@code /bin/true}),
     * started and awaited from this JVM as {@code nexcage run} and {@code docker run} are, then the
     * floor's requests. What a command-line client of the engine could reach if it cost nothing but
     * its own start.
     */
    static void spawnThenAsDockerRun(Raw raw) throws Exception {
        Process p = new ProcessBuilder("/bin/true").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("/bin/true: exit " + p.exitValue());
        }
        raw.asDockerRun();
    }

    /** {@code nexcage run --rm} through this client, started from this JVM as docker run is, against run.sh's daemon. */
    static void nexcageRun(String client) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(client, "run", "--rm", "--name", nextName("n"), image, "echo", "hi").redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0 || !text.equals("hi\n")) {
            throw new IllegalStateException(client + " run: exit " + code + ", output '" + text + "'");
        }
    }

    /** The docker CLI doing the same, started from this JVM: the anchor the floor is compared with. */
    static void dockerRun() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("docker", "run", "--rm", image, "echo", "hi").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (code != 0 || !text.equals("hi\n")) {
            throw new IllegalStateException("docker run: exit " + code + ", output '" + text + "'");
        }
    }

    static double pairedRatio(List<Double> a, List<Double> b) {
        return median(ratios(a, b));
    }

    static List<Double> ratios(List<Double> a, List<Double> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return r;
    }

    /**
     * The 95 % confidence interval of the median of {@code v}, free of any assumption on its
     * distribution: the k-th smallest and k-th largest value, k the largest with P(Binomial(n, 1/2)
     * < k) <= 2.5 %. A verdict on a target is only firm when the whole interval is on one side of it.
     */
    static double[] medianInterval(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        double below = 0; // P(Binomial(n, 1/2) < k), summed up as k grows
        double term = Math.pow(0.5, n); // P(X = k) for the k in hand
        int k = 0;
        while (k < n / 2 && below + term <= 0.025) {
            below += term;
            term = term * (n - k) / (k + 1);
            k++;
        }
        return k == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {a[k - 1], a[n - k]};
    }

    static String nextName(String what) {
        return prefix + what + "-" + (++seq);
    }

    static void backendCycle(DockerBackend backend) throws Exception {
        String id = nextName("b");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // as nexcage run --rm: the engine's auto-remove; the run returns once the container is gone
        backend.create(new ContainerSpec(id, image, List.of("echo", "hi"), Map.of(), true));
        int code = backend.startAttached(id, out, err);
        String text = out.toString(StandardCharsets.UTF_8);
        if (code != 0 || !text.equals("hi\n")) {
            throw new IllegalStateException("backend: exit " + code + ", output '" + text + "', errors '" + err + "'");
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The backend's requests through docker-java's command layer, on transports built as the backend builds them. */
    static final class CommandLayer implements AutoCloseable {
        private final DockerClient calls;
        private final DockerClient streams;

        CommandLayer() {
            DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                    .withDockerHost("unix://" + socket).withApiVersion(RemoteApiVersion.VERSION_1_41).build();
            calls = DockerClientImpl.getInstance(config, transport(Duration.ofSeconds(90), 32));
            streams = DockerClientImpl.getInstance(config, transport(null, 64));
        }

        private static DockerHttpClient transport(Duration responseTimeout, int maxConnections) {
            ZerodepDockerHttpClient.Builder b = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create("unix://" + socket))
                    .maxConnections(maxConnections).connectionTimeout(Duration.ofSeconds(2));
            if (responseTimeout != null) {
                b.responseTimeout(responseTimeout);
            }
            return b.build();
        }

        void cycle() throws Exception {
            String name = nextName("dj");
            String id = calls.createContainerCmd(image).withName(name)
                    .withLabels(Map.of("nexcage.managed", "true", "nexcage.id", name, "nexcage.backend", "docker",
                            "nexcage.version", "0.8.0"))
                    .withTty(false).withAttachStdout(true).withAttachStderr(true).withCmd("echo", "hi")
                    .withHostConfig(HostConfig.newHostConfig().withInit(true).withAutoRemove(true)).exec().getId();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ResultCallback.Adapter<Frame> attached = streams.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).withLogs(false).exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            if (frame.getStreamType() == StreamType.STDOUT) {
                                out.writeBytes(frame.getPayload());
                            }
                        }
                    });
            attached.awaitStarted();
            WaitContainerResultCallback exited = streams.waitContainerCmd(id).withCondition(WaitContainerCondition.NEXT_EXIT)
                    .exec(new WaitContainerResultCallback());
            exited.awaitStarted();
            calls.startContainerCmd(id).exec();
            attached.awaitCompletion();
            int code = exited.awaitStatusCode();
            try {
                streams.waitContainerCmd(id).withCondition(WaitContainerCondition.REMOVED).exec(new WaitContainerResultCallback())
                        .awaitCompletion();
            } catch (com.github.dockerjava.api.exception.NotFoundException alreadyGone) {
                // removed before the question
            }
            String text = out.toString(StandardCharsets.UTF_8);
            if (code != 0 || !text.equals("hi\n")) {
                throw new IllegalStateException("docker-java: exit " + code + ", output '" + text + "'");
            }
        }

        /** {@code start} of a running container: docker-java throws its NotModifiedException for the 304. */
        void startRunning(String id) {
            try {
                calls.startContainerCmd(id).exec();
                throw new IllegalStateException("docker-java: the start of running container " + id + " did not answer 304");
            } catch (com.github.dockerjava.api.exception.NotModifiedException expected) {
                // the engine's answer to a start of a running container
            }
        }

        @Override
        public void close() throws IOException {
            calls.close();
            streams.close();
        }
    }

    /** Plain HTTP/1.1 on the Unix socket: one connection kept alive for the calls, one more per attach. */
    static final class Raw implements AutoCloseable {
        private Conn conn;

        void cycle(boolean attach) throws IOException {
            String name = nextName(attach ? "ra" : "r");
            // the same container the backend asks for: labels, init, no tty, stdout/stderr attachable
            String body = "{\"Image\":" + json(image) + ",\"Cmd\":[\"echo\",\"hi\"],\"Tty\":false,"
                    + "\"AttachStdout\":true,\"AttachStderr\":true,"
                    + "\"Labels\":{\"nexcage.managed\":\"true\",\"nexcage.id\":" + json(name)
                    + ",\"nexcage.backend\":\"docker\",\"nexcage.version\":\"0.8.0\"},"
                    + "\"HostConfig\":{\"Init\":true,\"AutoRemove\":" + attach + "}}";
            Response created = call("POST", API + "/containers/create?name=" + name, body);
            expect(created, 201, "create");
            Matcher m = ID.matcher(created.body);
            if (!m.find()) {
                throw new IOException("create answered without an Id: " + created.body);
            }
            String id = m.group(1);
            if (attach) {
                asNexcageRunRm(id);
                return;
            }
            try {
                expect(call("POST", API + "/containers/" + id + "/start", null), 204, "start");
                Response waited = call("POST", API + "/containers/" + id + "/wait", null);
                expect(waited, 200, "wait");
                Matcher s = STATUS_CODE.matcher(waited.body);
                if (!s.find() || !s.group(1).equals("0")) {
                    throw new IOException("wait: " + waited.body);
                }
            } finally {
                expect(call("DELETE", API + "/containers/" + id + "?force=1", null), 204, "delete");
            }
        }

        /**
         * The requests the backend makes for {@code nexcage run --rm} (auto-remove): on Docker attach and a
         * wait for the removal, registered before the start, start, the output to its end, the removal's
         * answer (the exit code); with {@link #RAW_ATTACH} next-exit a wait for the next exit in its place,
         * the exit code, then a wait for the removal (404 once gone).
         */
        private void asNexcageRunRm(String id) throws IOException {
            attachWaitStart(id, RAW_ATTACH, "raw+attach");
            if (RAW_ATTACH.equals("removed")) {
                return;
            }
            Response removed = call("POST", API + "/containers/" + id + "/wait?condition=removed", null);
            if (removed.status != 200 && removed.status != 404) {
                throw new IOException("wait for the removal: HTTP " + removed.status + " " + removed.body);
            }
        }

        /** What {@code docker run --rm IMAGE echo hi} asks of the engine, in its order. */
        void asDockerRun() throws IOException {
            asDockerRun("");
        }

        /** The same with {@code docker run --init}: what NexCage's init (docker-init as PID 1) costs the engine. */
        void asDockerRunWithInit() throws IOException {
            asDockerRun("\"Init\":true,");
        }

        private void asDockerRun(String hostConfig) throws IOException {
            String body = "{\"Image\":" + json(image) + ",\"Cmd\":[\"echo\",\"hi\"],\"Tty\":false,"
                    + "\"AttachStdout\":true,\"AttachStderr\":true,\"HostConfig\":{" + hostConfig + "\"AutoRemove\":true}}";
            Response created = call("POST", API + "/containers/create?name=" + nextName("rd"), body);
            expect(created, 201, "create");
            Matcher m = ID.matcher(created.body);
            if (!m.find()) {
                throw new IOException("create answered without an Id: " + created.body);
            }
            attachWaitStart(m.group(1), "removed", "raw as docker run");
        }

        /**
         * Attaches (a second, upgraded connection), puts a wait for {@code condition} in place (a
         * third), starts, reads the output to its end and then the wait's answer, which must be exit 0.
         */
        private void attachWaitStart(String id, String condition, String way) throws IOException {
            try (Conn att = new Conn(); Conn wait = new Conn()) {
                att.send("POST", API + "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1", null,
                        "Connection: Upgrade\r\nUpgrade: tcp\r\n");
                Response hello = att.readHead();
                if (hello.status != 101 && hello.status != 200) {
                    throw new IOException("attach: HTTP " + hello.status);
                }
                // the engine sends the head at once: once it is here, the wait is in place
                wait.send("POST", API + "/containers/" + id + "/wait?condition=" + condition, null, "");
                Response waitHead = wait.readHead();
                expect(waitHead, 200, "wait");
                expect(call("POST", API + "/containers/" + id + "/start", null), 204, "start");
                String text = demux(att.in);
                if (!text.equals("hi\n")) {
                    throw new IOException(way + ": output '" + text + "'");
                }
                Response waited = wait.readBody(waitHead);
                Matcher s = STATUS_CODE.matcher(waited.body);
                if (!s.find() || !s.group(1).equals("0")) {
                    throw new IOException(way + ": wait answered " + waited.body);
                }
            }
        }

        /** Creates and starts a container (no attach); returns its engine id. */
        String runDetached(String name, String... cmd) throws IOException {
            StringBuilder args = new StringBuilder();
            for (String c : cmd) {
                args.append(args.length() == 0 ? "" : ",").append(json(c));
            }
            Response created = call("POST", API + "/containers/create?name=" + name,
                    "{\"Image\":" + json(image) + ",\"Cmd\":[" + args + "],\"HostConfig\":{\"Init\":true}}");
            expect(created, 201, "create");
            Matcher m = ID.matcher(created.body);
            if (!m.find()) {
                throw new IOException("create answered without an Id: " + created.body);
            }
            expect(call("POST", API + "/containers/" + m.group(1) + "/start", null), 204, "start");
            return m.group(1);
        }

        void startRunning(String id) throws IOException {
            expect(call("POST", API + "/containers/" + id + "/start", null), 304, "start of a running container");
        }

        /** One request on the kept-alive connection; a connection the engine closed is opened again. */
        Response call(String method, String path, String body) throws IOException {
            if (conn == null) {
                conn = new Conn();
            }
            conn.send(method, path, body, "");
            Response r = conn.readResponse();
            if (r.close) {
                conn.close();
                conn = null;
            }
            return r;
        }

        static void expect(Response r, int status, String what) throws IOException {
            if (r.status != status) {
                throw new IOException(what + ": HTTP " + r.status + " " + r.body);
            }
        }

        @Override
        public void close() throws IOException {
            if (conn != null) {
                conn.close();
            }
        }
    }

    record Response(int status, Map<String, String> headers, String body, boolean close) {
    }

    static final class Conn implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;

        Conn() throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            in = new BufferedInputStream(Channels.newInputStream(ch), 16384);
            out = Channels.newOutputStream(ch);
        }

        void send(String method, String path, String body, String extraHeaders) throws IOException {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: docker\r\nUser-Agent: nexcage-bench\r\n").append(extraHeaders);
            if (body != null) {
                h.append("Content-Type: application/json\r\n");
            }
            h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, all, head.length, b.length);
            out.write(all);
            out.flush();
        }

        Response readHead() throws IOException {
            String status = line(in);
            if (status == null || !status.startsWith("HTTP/1.")) {
                throw new IOException("no HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
                }
            }
            return new Response(code, headers, "", "close".equalsIgnoreCase(headers.get("connection")));
        }

        Response readResponse() throws IOException {
            return readBody(readHead());
        }

        Response readBody(Response head) throws IOException {
            Map<String, String> headers = head.headers;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String size = line(in);
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    if (n == 0) {
                        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                            // trailers
                        }
                        break;
                    }
                    body.write(in.readNBytes(n));
                    line(in);
                }
            } else if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if (head.status != 204 && head.status != 304) {
                body.write(in.readAllBytes());
                return new Response(head.status, headers, body.toString(StandardCharsets.UTF_8), true);
            }
            return new Response(head.status, headers, body.toString(StandardCharsets.UTF_8), head.close);
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** Reads Docker's multiplexed stream (8-byte frame headers) to its end; returns stdout. */
    static String demux(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = new byte[8];
        while (true) {
            int got = in.readNBytes(head, 0, 8);
            if (got < 8) {
                break;
            }
            int len = ((head[4] & 0xff) << 24) | ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            byte[] payload = in.readNBytes(len);
            if (head[0] == 1) {
                out.write(payload);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
