package nexcage.e2e.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import nexcage.e2e.Nexcage;
import nexcage.testkit.PluginJar;

/** The HTTP API of a test daemon: its token, requests with and without it, and the fixture plugins. */
public final class ApiClient {
    private final HttpClient http;
    private final String base;
    private final Path state;

    public ApiClient(String base, Path state, SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.http = (tls == null ? b : b.sslContext(tls)).build();
        this.base = base;
        this.state = state;
    }

    public static ApiClient of(Nexcage nx, int port) {
        return new ApiClient("http://127.0.0.1:" + port, nx.state, null);
    }

    public String token() {
        try {
            return Files.readString(state.resolve("api.token")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    /** The answer, or null when nothing answers (yet). {@code token} null sends no Authorization. */
    public HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, token(), null);
    }

    /** Waits until the API answers a request with its token. */
    public ApiClient awaitServing() {
        Nexcage.await("the HTTP API to answer at " + base, Nexcage.START_WAIT, () -> token() == null ? null : get("/v1/backends"),
                r -> r != null && r.statusCode() == 200);
        return this;
    }

    /** A plugin file of the fixture: api.* hook handlers logging to {@code log} (null: none), a route at {@code route} (null: none). */
    public static PluginJar probe(String name, String capabilities, Path log, String route) {
        PluginJar jar = PluginJar.corpusPlugin(name, "e2e.fixture", name.replace('-', '_'), "HTTP API tests")
                .header("Bundle-Activator", nexcage.e2e.api.fixture.ApiProbeActivator.class.getName())
                .header("Import-Package", "nexcage.api.hooks;version=\"[1.0,2)\",org.osgi.framework;version=\"[1.8,2)\","
                        + "jakarta.servlet;version=\"[6.0,7)\",jakarta.servlet.http;version=\"[6.0,7)\"")
                .header("NexCage-Capabilities", capabilities).header("Api-Log", log == null ? null : log.toString()).header("Route", route);
        ClassLoader cl = ApiClient.class.getClassLoader();
        jar.classFrom(cl, nexcage.e2e.api.fixture.ApiProbeActivator.class.getName());
        jar.classFrom(cl, nexcage.e2e.api.fixture.FixtureServlet.class.getName());
        return jar;
    }
}
