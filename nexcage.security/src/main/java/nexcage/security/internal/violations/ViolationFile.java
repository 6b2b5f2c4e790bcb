package nexcage.security.internal.violations;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nexcage.security.admin.Violation;

/**
 * The violations file: a JSON array of {@code {time, plugin, capability, operation, detail, count}},
 * the same fields as {@code plugin violations --json}. Written whole and atomically (temp file,
 * fsync, rename), so a crash leaves the old file or the new one, never half of one.
 */
final class ViolationFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ViolationFile() {
    }

    /** Thrown when the file is there but is not a violations file. */
    static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The entries in the file's order; empty when there is no file. */
    static List<Violation> read(Path file) throws IOException, CorruptException {
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CorruptException("it is not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isArray()) {
            throw new CorruptException("it is not a JSON array", null);
        }
        List<Violation> out = new ArrayList<>(root.size());
        for (JsonNode n : root) {
            out.add(entry(n));
        }
        return out;
    }

    private static Violation entry(JsonNode n) throws CorruptException {
        String plugin = n.path("plugin").textValue();
        String operation = n.path("operation").textValue();
        if (plugin == null || operation == null || !n.path("time").isTextual() || !n.path("count").canConvertToLong()) {
            throw new CorruptException("an entry lacks time, plugin, operation or count: " + n, null);
        }
        try {
            return new Violation(Instant.parse(n.get("time").textValue()), plugin, n.path("capability").textValue(),
                    operation, n.path("detail").asText(""), Math.max(1, n.get("count").asLong()));
        } catch (DateTimeParseException e) {
            throw new CorruptException("an entry's time is not an ISO-8601 instant: " + n, e);
        }
    }

    static void write(Path file, List<Violation> entries) throws IOException {
        ArrayNode root = JSON.createArrayNode();
        for (Violation v : entries) {
            root.add(toJson(v));
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
    }

    /** The JSON object of one entry, as the file and {@code plugin violations --json} show it. */
    static ObjectNode toJson(Violation v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", v.time().toString());
        o.put("plugin", v.plugin());
        o.put("capability", v.capability());
        o.put("operation", v.operation());
        o.put("detail", v.detail());
        o.put("count", v.count());
        return o;
    }

    /** Makes the rename itself durable; a file system that cannot open a directory just skips it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the data itself was forced before the rename
        }
    }
}
