package nexcage.backend.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/}): which of
 * its images an import takes, and its unpacking into a root file system with umoci.
 */
final class OciLayout {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image of the layout: its tag (ref name; null when it has none) and its manifest's digest. */
    record Entry(String ref, String digest) {
    }

    private OciLayout() {
    }

    static boolean isLayout(Path dir) {
        return Files.isRegularFile(dir.resolve("index.json")) && Files.isRegularFile(dir.resolve("oci-layout"));
    }

    static List<Entry> entries(Path dir) throws IOException {
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        List<Entry> out = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode ref = m.path("annotations").path(REF_NAME);
            out.add(new Entry(ref.isTextual() ? ref.asText() : null, m.path("digest").asText(null)));
        }
        return out;
    }

    /**
     * The image an import of {@code dir} as {@code name} takes: the one whose ref name is the
     * name's tag, else the only one; an IllegalArgumentException says why there is none.
     */
    static Entry choose(Path dir, String name) throws IOException {
        List<Entry> all = entries(dir);
        String tag = ImageNames.tag(name);
        for (Entry e : all) {
            if (tag.equals(e.ref())) {
                return e;
            }
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        List<String> refs = all.stream().map(e -> String.valueOf(e.ref())).toList();
        throw new IllegalArgumentException(all.isEmpty() ? "the OCI image layout " + dir + " holds no image; give a layout with one"
                : "the OCI image layout " + dir + " holds " + all.size() + " images (" + String.join(", ", refs)
                        + ") and none is tagged " + tag + "; import it under one of those tags, e.g. NAME:" + refs.get(0));
    }

    /**
     * Unpacks image {@code e} of {@code dir} into the bundle {@code bundle} (made by umoci: rootfs/
     * and config.json), and returns what its config.json says of the process.
     */
    static ImageConfig unpack(Path dir, Entry e, Path bundle) throws IOException, InterruptedException {
        if (e.ref() == null) {
            throw new IllegalArgumentException("the image in the OCI image layout " + dir + " has no tag ("
                    + REF_NAME + "), which umoci needs to unpack it; tag it (umoci tag) and import it again");
        }
        HostCommand.Result r = HostCommand.run(List.of("umoci", "--log", "error", "unpack", "--image", dir + ":" + e.ref(),
                bundle.toString()), UNPACK_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("umoci could not unpack " + dir + ":" + e.ref() + ": " + r.brief());
        }
        return processOf(JSON.readTree(bundle.resolve("config.json").toFile()));
    }

    /** The process umoci wrote into a bundle's config.json: args, env, cwd, uid, gid. */
    static ImageConfig processOf(JsonNode config) {
        JsonNode p = config.path("process");
        List<String> args = new ArrayList<>();
        p.path("args").forEach(a -> args.add(a.asText()));
        List<String> env = new ArrayList<>();
        p.path("env").forEach(a -> env.add(a.asText()));
        return new ImageConfig(args, env, p.path("cwd").asText("/"), p.path("user").path("uid").asLong(0),
                p.path("user").path("gid").asLong(0));
    }
}
