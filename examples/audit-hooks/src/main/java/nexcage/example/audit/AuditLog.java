package nexcage.example.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The audit file and the deny rule, shared by the plugin's handlers. A new configuration
 * re-creates this component (and so its handlers), which is all a change of file needs.
 */
@Component(service = AuditLog.class, configurationPid = AuditConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuditConfig.class)
public class AuditLog {

    static final String DEFAULT_FILE = "audit-hooks.jsonl";

    private final Path file;
    private final String denyPattern;
    private final Pattern deny;
    private final String denyError;
    private Writer out;

    @Activate
    public AuditLog(BundleContext context, AuditConfig config) {
        this(resolveFile(config.file(), context.getProperty("nexcage.state")), config.deny__pattern());
    }

    AuditLog(Path file, String denyPattern) {
        this.file = file;
        this.denyPattern = denyPattern == null ? "" : denyPattern.strip();
        Pattern p = null;
        String error = null;
        if (!this.denyPattern.isEmpty()) {
            try {
                p = Pattern.compile(this.denyPattern);
            } catch (PatternSyntaxException e) {
                error = e.getDescription();
                System.err.println("audit-hooks: deny_pattern '" + this.denyPattern + "' is not a valid regular expression ("
                        + error + "); every container.pre_create is vetoed until plugins.audit-hooks.config.deny_pattern is fixed");
            }
        }
        this.deny = p;
        this.denyError = error;
    }

    /** The configured file, else {@code nexcage.state}, else {@code NEXCAGE_STATE}, else ~/.nexcage/state. */
    static Path resolveFile(String configured, String stateProperty) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.strip()).toAbsolutePath();
        }
        String state = stateProperty != null && !stateProperty.isBlank() ? stateProperty : System.getenv("NEXCAGE_STATE");
        Path dir = state != null && !state.isBlank() ? Paths.get(state) : Paths.get(System.getProperty("user.home"), ".nexcage", "state");
        return dir.resolve(DEFAULT_FILE).toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /**
     * Why creating a container with this id is refused, or null when it is allowed. An invalid
     * pattern refuses every id (fail closed: an operator who set a rule expects it to hold).
     */
    String denial(String containerId) {
        if (denyError != null) {
            return "deny_pattern '" + denyPattern + "' of plugin audit-hooks is not a valid regular expression ("
                    + denyError + "); fix plugins.audit-hooks.config.deny_pattern";
        }
        if (deny == null || containerId == null || !deny.matcher(containerId).matches()) {
            return null;
        }
        return "container id '" + containerId + "' matches deny_pattern '" + denyPattern
                + "' of plugin audit-hooks; choose another --name or change the pattern";
    }

    /** Appends one event line; {@code vetoReason} null for events that were not vetoed here. */
    public synchronized void write(String hook, String source, Map<String, String> metadata, String vetoReason)
            throws IOException {
        StringBuilder line = new StringBuilder(128).append("{\"time\":").append(Json.quote(Instant.now().toString()))
                .append(",\"hook\":").append(Json.quote(hook)).append(",\"source\":").append(Json.quote(source))
                .append(",\"vetoed\":").append(vetoReason != null);
        if (vetoReason != null) {
            line.append(",\"reason\":").append(Json.quote(vetoReason));
        }
        line.append(",\"metadata\":").append(Json.object(metadata)).append("}\n");
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        out.write(line.toString());
        // one flush per event: a crash loses at most the line being written
        out.flush();
    }

    @Deactivate
    synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
