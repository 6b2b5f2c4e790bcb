package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.api.backend.BackendHealth;

class LxcHealthTest {

    @TempDir
    Path empty;

    @Test
    void withoutTheToolsItIsUndetectedAndNamesDebiansPackage() {
        LxcHealth h = new LxcHealth(new LxcTools(List.of(empty), Executors.newCachedThreadPool()));
        BackendHealth b = h.check(empty.resolve("containers"));
        assertThat(b.state()).isEqualTo(BackendHealth.State.UNDETECTED);
        assertThat(b.reason()).contains("lxc-start", "apt-get install lxc").doesNotContain("\n");
    }

    @Test
    void aMissingKernelFeatureIsNamed() {
        String out = "--- Namespaces ---\nNamespaces: \u001B[1;32menabled\u001B[0;39m\nPid namespace: \u001B[1;31mmissing\u001B[0;39m\n"
                + "User namespace: missing\n--- Misc ---\nVlan: missing\n";
        assertThat(LxcHealth.kernelProblem(out)).contains("'Pid namespace' missing");
        assertThat(LxcHealth.kernelProblem("Namespaces: enabled\nUser namespace: missing\nVlan: missing\n")).isNull();
    }
}
