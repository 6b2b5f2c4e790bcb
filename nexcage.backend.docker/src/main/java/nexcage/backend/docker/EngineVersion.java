package nexcage.backend.docker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** What an engine's {@code GET /version} says, read with plain Jackson: its fields, its kind, the API version to speak. */
final class EngineVersion {
    /** The newest API version docker-java 3.7 knows (its RemoteApiVersion.VERSION_1_44); a newer engine is spoken to at this version. */
    static final int NEWEST_MAJOR = 1;
    static final int NEWEST_MINOR = 44;
    private static final Pattern API = Pattern.compile("(\\d+)\\.(\\d+)");

    private EngineVersion() {
    }

    /**
     * Whether {@code /version} is Docker's own engine's: it names a component {@code Engine} (Docker
     * since API 1.35, whatever its packager puts in {@code Platform.Name}, which Debian's leaves empty);
     * Podman names its own {@code Podman Engine}. Only Docker's answers a wait for {@code removed} with
     * the exit code ({@link AttachedRun}); an engine not known to do so is asked as Podman is.
     */
    static boolean docker(JsonNode version) {
        JsonNode components = version == null ? null : version.get("Components");
        if (components == null || !components.isArray()) {
            return false;
        }
        for (JsonNode c : components) {
            if ("Engine".equals(text(c, "Name", null))) {
                return true;
            }
        }
        return false;
    }

    /** The text of {@code field} in the probe's answer, or {@code absent}. */
    static String text(JsonNode answer, String field, String absent) {
        JsonNode v = answer == null ? null : answer.get(field);
        return v == null || !v.isTextual() ? absent : v.asText();
    }

    /**
     * The API version to speak: the engine's, capped at 1.44; 1.41 when it states
     * none we can read. Plain string work, so a probe does not load docker-java's core.
     */
    static String pin(String engineApi) {
        String s = engineApi == null ? "" : engineApi.strip();
        Matcher m = API.matcher(s);
        if (!m.matches()) {
            return "1.41";
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major > NEWEST_MAJOR || major == NEWEST_MAJOR && minor > NEWEST_MINOR) {
            return NEWEST_MAJOR + "." + NEWEST_MINOR;
        }
        return major + "." + minor;
    }
}
