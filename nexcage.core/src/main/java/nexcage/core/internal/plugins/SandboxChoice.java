package nexcage.core.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

import nexcage.api.PluginHeaders;
import nexcage.core.admin.SandboxRunner;

/**
 * Where a plugin runs (DESIGN §5, "Sandboxed plugins"), OSGi-free: {@code plugins.NAME.sandbox} in
 * config.yaml when written (the administrator's word for that plugin), else {@code process} for an
 * unsigned plugin under {@code runtime.security.sandbox_unsigned}, else the plugin's own
 * {@code NexCage-Sandbox} header, else {@code none}.
 */
public final class SandboxChoice {
    public static final String PROCESS = "process";
    public static final String NONE = "none";

    private SandboxChoice() {
    }

    public static String mode(String configured, boolean sandboxUnsigned, boolean signed, String header) {
        if (configured != null) {
            return configured;
        }
        if (sandboxUnsigned && !signed) {
            return PROCESS;
        }
        return PROCESS.equals(header == null ? null : header.trim()) ? PROCESS : NONE;
    }

    /** The {@code NexCage-Sandbox} header of a plugin jar, or null. */
    static String header(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in, false)) {
            Manifest m = j.getManifest();
            return m == null ? null : m.getMainAttributes().getValue(PluginHeaders.SANDBOX);
        }
    }

    /** True for the stub bundle the core installs for a sandboxed plugin. */
    static boolean isStub(java.util.function.Function<String, String> headers) {
        return headers.apply(SandboxRunner.STUB_HEADER) != null;
    }
}
