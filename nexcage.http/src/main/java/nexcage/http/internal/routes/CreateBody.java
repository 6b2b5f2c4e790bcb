package nexcage.http.internal.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nexcage.http.internal.routes.ApiCall.Body;

/**
 * {@code POST /v1/containers}: a JSON object with the options of {@code nexcage create}: {@code
 * name} and {@code image} (required), {@code backend}, and {@code command} (a list of words, or
 * one string split at spaces), made into {@code create --name NAME [--backend B] -- IMAGE CMD...}.
 */
final class CreateBody {
    static final Set<String> KEYS = Set.of("name", "image", "backend", "command");

    private CreateBody() {
    }

    static ApiCall call(Map<String, Object> body) {
        if (body == null) {
            return ApiCall.refuse(400, "POST /v1/containers needs a JSON object body, e.g. {\"name\": \"web1\", \"image\": \"busybox\", \"command\": [\"sleep\", \"300\"]}");
        }
        for (String k : body.keySet()) {
            if (!KEYS.contains(k)) {
                return ApiCall.refuse(400, "'" + k + "' is not a create option; the options are " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        if (!(body.get("name") instanceof String name) || !Routes.NAME.matcher(name).matches()) {
            return ApiCall.refuse(400, "'name' must be a container name (letters, digits, '.', '_', '-'; e.g. web1)");
        }
        if (!(body.get("image") instanceof String image) || image.isBlank()) {
            return ApiCall.refuse(400, "'image' must be the name of an image, e.g. busybox");
        }
        List<String> argv = new ArrayList<>(List.of("create", "--name", name));
        Object backend = body.get("backend");
        if (backend != null) {
            if (!(backend instanceof String b) || !Routes.NAME.matcher(b).matches()) {
                return ApiCall.refuse(400, "'backend' must be a backend name, e.g. docker");
            }
            argv.add("--backend");
            argv.add(b);
        }
        argv.add("--");
        argv.add(image);
        Object command = body.get("command");
        if (command instanceof String s) {
            argv.addAll(List.of(s.trim().split("\\s+")));
        } else if (command instanceof List<?> words && words.stream().allMatch(String.class::isInstance)) {
            words.forEach(w -> argv.add((String) w));
        } else if (command != null) {
            return ApiCall.refuse(400, "'command' must be a list of words (e.g. [\"sleep\", \"300\"]) or one string");
        }
        return ApiCall.run(201, Body.ID, argv);
    }
}
