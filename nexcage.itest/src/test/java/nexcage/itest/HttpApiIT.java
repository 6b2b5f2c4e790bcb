package nexcage.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.testkit.PluginJar;

/**
 * The HTTP API bundle in the real runtime, on Felix HTTP Jetty: with runtime.api.listen it serves
 * /v1/plugins to a request with the token in the state directory and 401 without; a plugin's
 * whiteboard servlet is served behind the same token when the plugin declares api_server, and not
 * at all (a violation) when it does not.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Frameworks.freshWork("itest-http");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(work.resolve("home").resolve("config.yaml"), "runtime:\n  api:\n    listen: 127.0.0.1:" + port + "\n");
        return Frameworks.runtime(work).toArray(new Option[0]);
    }

    private record Answer(int status, String body) {
    }

    private int port() throws IOException {
        List<String> lines = Files.readAllLines(Paths.get(context.getProperty("nexcage.home"), "config.yaml"));
        String listen = lines.stream().filter(l -> l.contains("listen:")).findFirst().orElseThrow();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1).trim());
    }

    private String token() {
        try {
            return Files.readString(Paths.get(context.getProperty("nexcage.state"), "api.token")).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private Answer get(String path, String token) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port() + path).openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(10000);
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return null;
        }
    }

    private void install(String name, String capabilities, String route) throws Exception {
        PluginJar jar = PluginJars.withClasses(PluginJars.plugin(name, name.replace('-', '_')), "RouteActivator", "RouteServlet")
                .header("Bundle-Activator", PluginJars.PLUGIN_CLASSES + "RouteActivator")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",jakarta.servlet;version=\"[6.0,7)\","
                        + "jakarta.servlet.http;version=\"[6.0,7)\"")
                .header("NexCage-Capabilities", capabilities).header("Route", route);
        jar.writeTo(Paths.get(context.getProperty("nexcage.home"), "plugins", name + "-1.0.0.nexcage-plugin"));
    }

    @Test
    public void theApiServesPluginsWithTheTokenAndPluginRoutesOnlyWithApiServer() throws Exception {
        Answer plugins = Await.until("GET /v1/plugins with the token", WAIT, () -> token() == null ? null : get("/v1/plugins", token()),
                a -> a != null && a.status() == 200);
        JsonNode list = JSON.readTree(plugins.body());
        assertTrue("not a JSON array: " + plugins.body(), list.isArray());
        Answer none = get("/v1/plugins", null);
        assertEquals(401, none.status());
        assertTrue(none.body(), none.body().contains("api.token"));
        assertEquals(401, get("/v1/plugins", "wrong").status());

        install("route-ok", "api_server", "/itest/ok");
        install("route-no", "logging", "/itest/no");
        Answer ok = Await.until("the api_server plugin's route", WAIT, () -> get("/itest/ok", token()), a -> a != null && a.status() == 200);
        assertEquals("route of route-ok", ok.body());
        assertEquals(401, get("/itest/ok", null).status());
        JsonNode violations = Await.until("route-no's violation", WAIT,
                () -> JSON.readTree(get("/v1/violations?plugin=route-no", token()).body()), v -> v.size() > 0);
        assertEquals("api_server", violations.get(0).get("capability").asText());
        assertEquals(404, get("/itest/no", token()).status());
        Answer listed = get("/v1/plugins", token());
        for (String p : List.of("route-ok", "route-no")) {
            assertTrue(p + " missing: " + listed.body(), listed.body().contains("\"" + p + "\""));
        }
    }
}
