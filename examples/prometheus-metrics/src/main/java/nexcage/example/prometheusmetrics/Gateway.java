package nexcage.example.prometheusmetrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.List;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.PushGateway;

/**
 * One Pushgateway ({@code url}, {@code job}): asks whether it answers ({@code GET /-/healthy}) and
 * replaces the job's metrics with a snapshot's ({@code PUT /metrics/job/JOB}, by the client
 * library), each within a few seconds so that a call stays well inside the plugin's timeout.
 */
final class Gateway {
    static final int CONNECT_TIMEOUT_MS = 2_000;
    static final int READ_TIMEOUT_MS = 5_000;

    private final String url;
    private final String job;
    private final PushGateway client;

    Gateway(String url, String job) {
        String base = url == null ? "" : url.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("plugins.prometheus-metrics.config.job is empty; set it, e.g. nexcage");
        }
        this.url = base;
        this.job = job.trim();
        this.client = new PushGateway(parse(base));
        client.setConnectionFactory(address -> open(new URL(address)));
    }

    private static URL parse(String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri.toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new IllegalArgumentException("plugins.prometheus-metrics.config.url '" + url
                    + "' is no http(s) URL; set it to the Pushgateway's, e.g. http://127.0.0.1:9091");
        }
    }

    private static HttpURLConnection open(URL url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        return c;
    }

    String url() {
        return url;
    }

    String job() {
        return job;
    }

    /** Whether the gateway answers: nothing when it says it is healthy, else an exception saying what it answered. */
    void probe() throws IOException {
        HttpURLConnection c = open(new URL(url + "/-/healthy"));
        try {
            int status = c.getResponseCode();
            try (InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            if (status != 200) {
                throw new IOException("the Pushgateway at " + url + " answered /-/healthy with HTTP " + status);
            }
        } finally {
            c.disconnect();
        }
    }

    /** Replaces the job's metrics in the gateway with {@code families}. */
    void push(List<MetricFamilySamples> families) throws IOException {
        client.push(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return families;
            }
        }, job);
    }
}
