package nexcage.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What a new project is made against: the NexCage version (of the API and the test kit, the same
 * as the running NexCage's, which this build is) and the Maven repository that holds them.
 *
 * @param nexcageVersion e.g. {@code 0.8.0}
 * @param repositoryUrl e.g. {@code file:///home/ada/nexcage/target/runtime/sdk/repository}
 */
public record SdkSettings(String nexcageVersion, String repositoryUrl) {

    /** The version this build wrote into {@code sdk.properties}. */
    public static String buildVersion() {
        Properties p = new Properties();
        try (InputStream in = SdkSettings.class.getResourceAsStream("sdk.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    /**
     * The runtimes a plugin made for this version runs on, as {@code @PluginRuntime} takes it: this
     * minor version up to the next major, e.g. {@code [0.8,1)}.
     */
    public String runtimeRange() {
        String[] parts = nexcageVersion.split("\\.");
        int major = Integer.parseInt(parts[0]);
        String minor = parts.length > 1 ? parts[1] : "0";
        return "[" + major + "." + minor + "," + (major + 1) + ")";
    }
}
