package nexcage.http.internal.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import nexcage.http.internal.routes.ApiCall.Body;

/**
 * The API's routes (DESIGN §8, "HTTP API"): each is the CLI command whose {@code --json} it
 * mirrors, so the answer is the CLI's, byte for byte. Names in the path must be plugin or container
 * names (never an option: {@code /v1/plugins/--help} is no route).
 */
public final class Routes {
    /** The seed's container id rule, which plugin names also keep. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?");
    public static final String PREFIX = "/v1";

    private Routes() {
    }

    /**
     * The call for {@code method} on {@code path} (under {@value #PREFIX}), with the query's
     * parameters and, for a create, the body read as JSON ({@code null} when there is none).
     */
    public static ApiCall route(String method, String path, Map<String, String> query, Map<String, Object> body) {
        List<String> p = segments(path);
        if (p == null) {
            return ApiCall.refuse(404, "no route " + path + "; the routes are under " + PREFIX + "/ (plugins, backends, hooks, containers, images, integrations, violations)");
        }
        for (String s : p.subList(1, p.size())) {
            if (!NAME.matcher(s).matches()) {
                return ApiCall.refuse(404, "no route " + path + ": '" + s + "' is not a plugin or container name");
            }
        }
        String key = p.get(0) + "/" + (p.size() - 1) + (p.size() == 3 ? "/" + p.get(2) : "");
        return switch (key) {
            case "plugins/0" -> get(method, "plugin", "list", "--json");
            case "plugins/1" -> get(method, "plugin", "info", p.get(1), "--json");
            case "backends/0" -> get(method, "backend", "list", "--json");
            case "hooks/0" -> get(method, "hooks", "list", "--json");
            case "images/0" -> get(method, with(query, "backend", List.of("image", "list"), "--json"));
            case "integrations/0" -> get(method, "integration", "list", "--json");
            case "violations/0" -> get(method, with(query, "plugin", List.of("plugin", "violations"), "--json"));
            case "containers/0" -> method.equals("POST") ? CreateBody.call(body)
                    : get(method, flag(query, "all", "--all", List.of("list"), "--json"));
            case "containers/1" -> switch (method) {
                case "GET" -> ApiCall.run(200, Body.JSON_OUTPUT, "info", p.get(1), "--json");
                case "DELETE" -> ApiCall.run(204, Body.NONE, flag(query, "force", "-f", List.of("delete", p.get(1))));
                default -> notAllowed(method, "GET, DELETE");
            };
            case "containers/2/start" -> post(method, List.of("start", p.get(1)));
            case "containers/2/stop" -> post(method, with(query, "t", List.of("stop", p.get(1))));
            default -> ApiCall.refuse(404, "no route " + path + "; the routes are under " + PREFIX + "/ (plugins, backends, hooks, containers, images, integrations, violations)");
        };
    }

    /** The path's segments after {@value #PREFIX}, or null when it is not under it or has empty ones. */
    static List<String> segments(String path) {
        if (path == null || !path.startsWith(PREFIX + "/")) {
            return null;
        }
        String rest = path.substring(PREFIX.length() + 1);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> out = List.of(rest.split("/", -1));
        return out.isEmpty() || out.size() > 3 || out.contains("") ? null : out;
    }

    private static ApiCall get(String method, String... argv) {
        return get(method, List.of(argv));
    }

    private static ApiCall get(String method, List<String> argv) {
        return method.equals("GET") ? ApiCall.run(200, Body.JSON_OUTPUT, argv) : notAllowed(method, "GET");
    }

    private static ApiCall post(String method, List<String> argv) {
        return method.equals("POST") ? ApiCall.run(200, Body.ID, argv) : notAllowed(method, "POST");
    }

    static ApiCall notAllowed(String method, String allowed) {
        return ApiCall.refuse(405, method + " is not allowed here; use " + allowed);
    }

    /** argv, then {@code -PARAM VALUE} ({@code --plugin} style for long names) when the query has it, then the rest. */
    private static List<String> with(Map<String, String> query, String param, List<String> argv, String... rest) {
        List<String> out = new ArrayList<>(argv);
        String v = query.get(param);
        if (v != null && param.equals("plugin") && NAME.matcher(v).matches()) {
            out.add(v);
        } else if (v != null && param.equals("backend") && NAME.matcher(v).matches()) {
            out.add("--backend");
            out.add(v);
        } else if (v != null && param.equals("t") && v.matches("[0-9]{1,4}")) {
            out.add("-t");
            out.add(v);
        }
        out.addAll(List.of(rest));
        return out;
    }

    /** argv with {@code flag} added when the query says {@code PARAM=true}, then the rest. */
    private static List<String> flag(Map<String, String> query, String param, String flag, List<String> argv, String... rest) {
        List<String> out = new ArrayList<>(argv);
        if ("true".equals(query.get(param))) {
            out.add(flag);
        }
        out.addAll(List.of(rest));
        return out;
    }
}
