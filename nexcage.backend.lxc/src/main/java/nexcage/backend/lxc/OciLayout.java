package nexcage.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;

/**
 * Reads an OCI image layout (a folder with {@code oci-layout}, {@code index.json} and
 * {@code blobs/}): which image to take, and what its config says a container runs (entrypoint and
 * command, environment, working directory). The layers are unpacked by umoci.
 */
final class OciLayout {

    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The image chosen: its ref name (null when the layout's only image has none), manifest digest and run settings. */
    record Image(String ref, String digest, List<String> command, List<String> env, String workdir) {
    }

    private OciLayout() {
    }

    static boolean isLayout(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("index.json"));
    }

    /** The image whose ref name is {@code tag}, or the layout's only image. */
    static Image select(Path layout, String tag) throws BackendException {
        JsonNode index = read(layout, layout.resolve("index.json"));
        List<JsonNode> manifests = new ArrayList<>();
        index.path("manifests").forEach(manifests::add);
        JsonNode chosen = null;
        for (JsonNode m : manifests) {
            if (tag.equals(m.path("annotations").path(REF_NAME).asText(null))) {
                chosen = m;
            }
        }
        if (chosen == null && manifests.size() == 1) {
            chosen = manifests.get(0);
        }
        if (chosen == null) {
            List<String> refs = manifests.stream().map(m -> m.path("annotations").path(REF_NAME).asText("(no ref name)")).toList();
            throw new BackendException(Reason.NO_SUCH_IMAGE, "the OCI layout " + layout + " has no image tagged " + tag
                    + " (it has " + (refs.isEmpty() ? "none" : String.join(", ", refs)) + "); name the image after one of its tags");
        }
        if (!chosen.path("mediaType").asText("").endsWith("manifest.v1+json")) {
            throw new BackendException(Reason.OTHER, "the image tagged " + tag + " in " + layout + " is a "
                    + chosen.path("mediaType").asText("(no media type)") + ", not one image manifest; copy one platform's image into a layout");
        }
        String digest = chosen.path("digest").asText();
        JsonNode manifest = read(layout, blob(layout, digest));
        JsonNode config = read(layout, blob(layout, manifest.path("config").path("digest").asText())).path("config");
        List<String> command = new ArrayList<>(ContainerRecord.strings(config.path("Entrypoint")));
        command.addAll(ContainerRecord.strings(config.path("Cmd")));
        String ref = chosen.path("annotations").path(REF_NAME).asText(null);
        return new Image(ref, digest, command, ContainerRecord.strings(config.path("Env")), config.path("WorkingDir").asText(""));
    }

    static Path blob(Path layout, String digest) throws BackendException {
        int colon = digest.indexOf(':');
        if (colon <= 0 || !digest.substring(colon + 1).matches("[a-f0-9]{32,128}")) {
            throw new BackendException(Reason.OTHER, "the OCI layout " + layout + " names a blob by the digest '" + digest
                    + "', which is not ALGORITHM:HEX; check the layout (umoci stat)");
        }
        return layout.resolve("blobs").resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    private static JsonNode read(Path layout, Path file) throws BackendException {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException | RuntimeException e) {
            throw new BackendException(Reason.OTHER, "the OCI layout " + layout + " cannot be read at " + layout.relativize(file)
                    + " (" + e.getMessage().lines().findFirst().orElse("") + "); check it is an OCI image layout");
        }
    }
}
