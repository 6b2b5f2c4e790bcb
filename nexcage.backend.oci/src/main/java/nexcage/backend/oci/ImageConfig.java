package nexcage.backend.oci;

import java.util.List;

/**
 * What an image says about how to run it, as OCI's process: default command (entrypoint and cmd
 * joined, as umoci writes them), environment, working directory and user. A rootfs tarball says
 * nothing ({@link #NONE}): no command, the standard PATH, {@code /}, root.
 */
record ImageConfig(List<String> args, List<String> env, String cwd, long uid, long gid) {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final ImageConfig NONE = new ImageConfig(List.of(), List.of(DEFAULT_PATH), "/", 0, 0);

    ImageConfig {
        args = List.copyOf(args);
        env = List.copyOf(env);
        cwd = cwd == null || cwd.isBlank() ? "/" : cwd;
    }

    /** The PATH a command is looked up in (the image's, else the standard one). */
    String path() {
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                return e.substring(5);
            }
        }
        return DEFAULT_PATH.substring(5);
    }

    /** The environment with PATH set (the standard one when the image has none). */
    List<String> envWithPath() {
        if (env.stream().anyMatch(e -> e.startsWith("PATH="))) {
            return env;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(DEFAULT_PATH), env.stream()).toList();
    }
}
