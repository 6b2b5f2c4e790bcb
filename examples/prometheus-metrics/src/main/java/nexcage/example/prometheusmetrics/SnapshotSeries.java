package nexcage.example.prometheusmetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

/**
 * The runtime's monitoring snapshot as Prometheus metric families. Its keys are series written
 * the Prometheus way, {@code nexcage_plugin_calls{plugin="hello"}}, or {@code EXTENSION.KEY} for
 * what a monitoring extension collected, which becomes
 * {@code nexcage_extension_metric{extension="EXTENSION",key="KEY"}}. Every family is a gauge under
 * the {@code nexcage_} prefix: the snapshot says nothing of types, and the Pushgateway keeps values,
 * not rates.
 */
final class SnapshotSeries {
    static final String PREFIX = "nexcage_";
    static final String EXTENSION_METRIC = "nexcage_extension_metric";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One series: its name, label names and values in order, and value. */
    record Series(String name, List<String> labelNames, List<String> labelValues, double value) {
    }

    private SnapshotSeries() {
    }

    /** The snapshot's families, by name; a key that is neither form is left out. */
    static List<MetricFamilySamples> families(Map<String, Double> snapshot) {
        Map<String, List<Sample>> byName = new TreeMap<>();
        for (Map.Entry<String, Double> e : snapshot.entrySet()) {
            Series s = parse(e.getKey(), e.getValue());
            if (s != null) {
                byName.computeIfAbsent(s.name(), n -> new ArrayList<>())
                        .add(new Sample(s.name(), s.labelNames(), s.labelValues(), s.value()));
            }
        }
        List<MetricFamilySamples> out = new ArrayList<>();
        byName.forEach((name, samples) -> out.add(new MetricFamilySamples(name, Collector.Type.GAUGE, help(name), samples)));
        return out;
    }

    private static String help(String name) {
        return EXTENSION_METRIC.equals(name) ? "What a NexCage monitoring extension collected"
                : "From the NexCage runtime's monitoring snapshot";
    }

    /** The series a snapshot key names, or null when it is neither form (or its value is missing). */
    static Series parse(String key, Double value) {
        if (key == null || value == null) {
            return null;
        }
        int brace = key.indexOf('{');
        String name = brace < 0 ? key : key.substring(0, brace);
        if (NAME.matcher(name).matches()) {
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            if (brace >= 0 && !labels(key, brace, names, values)) {
                return null;
            }
            return new Series(name.startsWith(PREFIX) ? name : PREFIX + name, names, values, value);
        }
        int dot = key.indexOf('.');
        if (dot > 0 && dot < key.length() - 1) {
            return new Series(EXTENSION_METRIC, List.of("extension", "key"), List.of(key.substring(0, dot), key.substring(dot + 1)), value);
        }
        return null;
    }

    /** Reads {@code {a="x",b="y\"z"}} from {@code brace} to the end of {@code key}; false when malformed. */
    private static boolean labels(String key, int brace, List<String> names, List<String> values) {
        int i = brace + 1;
        while (i < key.length() && key.charAt(i) != '}') {
            int eq = key.indexOf("=\"", i);
            if (eq < 0 || !LABEL.matcher(key.substring(i, eq)).matches()) {
                return false;
            }
            names.add(key.substring(i, eq));
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; j < key.length() && key.charAt(j) != '"'; j++) {
                char c = key.charAt(j);
                if (c == '\\' && j + 1 < key.length()) {
                    char n = key.charAt(++j);
                    v.append(n == 'n' ? '\n' : n);
                } else {
                    v.append(c);
                }
            }
            if (j >= key.length()) {
                return false;
            }
            values.add(v.toString());
            i = j + 1;
            if (i < key.length() && key.charAt(i) == ',') {
                i++;
            }
        }
        return i == key.length() - 1;
    }
}
