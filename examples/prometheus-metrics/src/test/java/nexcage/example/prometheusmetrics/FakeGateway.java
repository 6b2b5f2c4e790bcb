package nexcage.example.prometheusmetrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A Pushgateway stand-in on a loopback port: answers /-/healthy, records each push, and can refuse pushes. */
final class FakeGateway implements AutoCloseable {
    record Push(String method, String path, String body) {
    }

    final List<Push> pushes = new CopyOnWriteArrayList<>();
    volatile int pushStatus = 200;
    private final HttpServer server;

    FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/-/healthy", ex -> {
            byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
            ex.close();
        });
        server.createContext("/metrics/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            pushes.add(new Push(ex.getRequestMethod(), ex.getRequestURI().getPath(), body));
            int status = pushStatus;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
