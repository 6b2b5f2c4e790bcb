package nexcage.backend.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendHealth;

/** The oci backend's health, checked every 5 s by the daemon: its runtime is asked for its version only when the binary changes. */
class RuntimeHealthTest {
    @TempDir
    Path dir;

    /** A stand-in runtime that counts how often it is asked, in a file beside it. */
    private Path runtime(String name, String version, int exit) throws IOException {
        Path script = dir.resolve(name + ".new");
        Files.writeString(script, "#!/bin/sh\necho x >> " + dir.resolve("asked") + "\necho '" + version + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        // renamed into place, as a package manager installs a binary
        return Files.move(script, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The backend whose health the daemon checks; each test asks it of its own stand-in runtime. */
    private OciBackend backend;

    @BeforeEach
    void newBackend() {
        backend = new OciBackend(dir.resolve("data"), "crun", "overlay");
    }

    private long asked() throws IOException {
        Path f = dir.resolve("asked");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void aHealthyRuntimeIsAskedOnceUntilItsBinaryChanges() throws Exception {
        Path crun = runtime("crun", "crun version 1.8.1", 0);
        OciRuntime rt = new OciRuntime("crun", crun, dir.resolve("state"), false);

        assertThat(backend.health(rt).state()).isEqualTo(BackendHealth.State.HEALTHY);
        assertThat(backend.health(rt).version()).isEqualTo("crun version 1.8.1");
        assertThat(asked()).isEqualTo(1);

        runtime("crun", "crun version 1.9", 0); // upgraded
        assertThat(backend.health(rt).version()).isEqualTo("crun version 1.9");
        assertThat(asked()).isEqualTo(2);
    }

    @Test
    void aBrokenRuntimeIsAskedAgainAtEachCheckAndARemovedOneFailsAtOnce() throws Exception {
        Path crun = runtime("crun", "crun: cannot load libyajl", 127);
        OciRuntime rt = new OciRuntime("crun", crun, dir.resolve("state"), false);

        assertThat(backend.health(rt).state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThat(backend.health(rt).state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThat(asked()).isEqualTo(2);

        runtime("crun", "crun version 1.8.1", 0); // repaired
        assertThat(backend.health(rt).state()).isEqualTo(BackendHealth.State.HEALTHY);
        Files.delete(crun);
        BackendHealth gone = backend.health(rt);
        assertThat(gone.state()).isEqualTo(BackendHealth.State.UNHEALTHY);
        assertThat(gone.reason()).contains("cannot run " + crun).contains("reinstall Debian's crun");
    }
}
