package nexcage.backend.lxc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.backend.ContainerSpec;

class LxcConfigTest {

    private static final Path COMMON = Path.of("/usr/share/lxc/config/common.conf");
    private static final ContainerPaths PATHS = new ContainerPaths(Path.of("/data/containers/web1"));

    private static ContainerRecord record(List<String> command, boolean system, String network, boolean autoRemove) {
        return new ContainerRecord("web1", "busybox:latest", "sha256:ab", command, system, List.of("HOME=/root"), "/srv",
                Map.of("nexcage.managed", "true"), Instant.EPOCH, autoRemove, network);
    }

    @Test
    void aCommandRunsUnderLxcInitWithNoNetworkByDefault() {
        String c = LxcConfig.render(record(List.of("sleep", "60"), false, null, false), PATHS, COMMON);
        assertThat(c).contains("lxc.include = /usr/share/lxc/config/common.conf\n", "lxc.rootfs.path = dir:/data/containers/web1/rootfs\n",
                "lxc.net.0.type = empty\n", "lxc.execute.cmd = sleep 60\n", "lxc.environment = " + LxcConfig.DEFAULT_PATH + "\n",
                "lxc.environment = HOME=/root\n", "lxc.init.cwd = /srv\n", "lxc.console.logfile = /data/containers/web1/console.log\n",
                "lxc.hook.post-stop =\n", "lxc.uts.name = web1\n");
        assertThat(c).doesNotContain("lxc.ephemeral", "lxc.init.cmd =");
    }

    @Test
    void hostNetworkIsLxcsTypeNoneAndAutoRemoveIsEphemeral() {
        String c = LxcConfig.render(record(List.of("/sbin/init"), true, ContainerSpec.NETWORK_HOST, true), PATHS, COMMON);
        assertThat(c).contains("lxc.net.0.type = none\n", "lxc.ephemeral = 1\n", "lxc.init.cmd = /sbin/init\n");
    }

    @Test
    void aWordWithASpaceCannotBeWrittenAsLxcSplitsAtSpaces() {
        assertThat(LxcConfig.representable(List.of("sh", "-c", "exit 3"))).isFalse();
        assertThat(LxcConfig.representable(List.of("sh", "-c", "true"))).isTrue();
        String c = LxcConfig.render(record(List.of("sh", "-c", "exit 3"), false, null, false), PATHS, COMMON);
        assertThat(c).doesNotContain("lxc.execute.cmd =").contains("# lxc.execute.cmd is not set");
    }

    @Test
    void aLongIdMakesAHostNameOf63Characters() {
        assertThat(LxcConfig.hostname("a".repeat(100))).hasSize(63);
        assertThat(LxcConfig.hostname("web_1")).isEqualTo("web-1");
    }
}
