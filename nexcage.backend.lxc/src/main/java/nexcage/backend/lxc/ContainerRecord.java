package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * NexCage's record of one container, kept as {@code nexcage.json} beside its lxc config: what lxc's
 * config has no place for (labels, the image it came from, the command with its words intact, whether
 * it is a system container booting the image's init) and when it was made. Written once, at create.
 */
record ContainerRecord(String id, String image, String imageId, List<String> command, boolean system, List<String> env,
        String workdir, Map<String, String> labels, Instant created, boolean autoRemove, String network) {

    static final String FILE = "nexcage.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    ContainerRecord {
        command = List.copyOf(command);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
    }

    String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id).put("image", image).put("image_id", imageId).put("system", system).put("workdir", workdir)
                .put("created", created.toString()).put("auto_remove", autoRemove).put("network", network);
        ArrayNode c = o.putArray("command");
        command.forEach(c::add);
        ArrayNode e = o.putArray("env");
        env.forEach(e::add);
        ObjectNode l = o.putObject("labels");
        new java.util.TreeMap<>(labels).forEach(l::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (IOException cannot) {
            throw new IllegalStateException(cannot);
        }
    }

    static ContainerRecord fromJson(String text) throws IOException {
        JsonNode o = JSON.readTree(text);
        if (o == null || !o.isObject()) {
            throw new IOException("not a JSON object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        o.path("labels").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
        return new ContainerRecord(o.path("id").asText(), o.path("image").asText(), text(o, "image_id"), strings(o.path("command")),
                o.path("system").asBoolean(), strings(o.path("env")), text(o, "workdir"), labels,
                Instant.parse(o.path("created").asText()), o.path("auto_remove").asBoolean(), text(o, "network"));
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The record in {@code dir}, or null when the container was not made by NexCage (or its record is unreadable). */
    static ContainerRecord read(Path dir) {
        try {
            return fromJson(Files.readString(dir.resolve(FILE)));
        } catch (IOException | RuntimeException notOurs) {
            return null;
        }
    }
}
