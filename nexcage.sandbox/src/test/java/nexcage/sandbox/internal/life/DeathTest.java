package nexcage.sandbox.internal.life;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeathTest {
    @Test
    void anOomKillNamesTheLimit() {
        assertThat(new Death(137, true, List.of(), false).reason(64)).isEqualTo("killed: its memory limit of 64 MB was exceeded");
    }

    @Test
    void aFullHeapIsTheMemoryLimitToo() {
        assertThat(new Death(3, false, List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"), false).reason(64))
                .isEqualTo("killed: its memory limit of 64 MB was exceeded");
        assertThat(new Death(3, false, List.of("no memory word here"), false).reason(64)).startsWith("its child process crashed with exit status 3");
    }

    @Test
    void noThreadLeftIsTheThreadLimit() {
        assertThat(new Death(3, false, List.of("Terminating due to java.lang.OutOfMemoryError: unable to create native thread: possibly out of "
                + "memory or process/resource limits reached"), false).reason(64, 5))
                .isEqualTo("killed: it reached its thread limit (max_threads 5 and the JVM's own)");
    }

    @Test
    void aCrashGivesItsStatusAndLastLine() {
        assertThat(new Death(1, false, List.of("Exception in thread main java.lang.IllegalStateException: boom", "\tat x.Y.z(Y.java:1)"), false)
                .reason(64)).isEqualTo("its child process crashed with exit status 1: Exception in thread main java.lang.IllegalStateException: boom");
        assertThat(new Death(137, false, List.of(), false).reason(64)).isEqualTo("its child process was killed by signal 9 (SIGKILL)");
    }

    @Test
    void restartsBackOffThenStop() {
        RestartPolicy p = new RestartPolicy(3);
        assertThat(p.afterDeath(10)).isEqualTo(1000);
        assertThat(p.afterDeath(10)).isEqualTo(2000);
        assertThat(p.afterDeath(10)).isEqualTo(4000);
        assertThat(p.afterDeath(10)).isEqualTo(-1);
        assertThat(p.afterDeath(RestartPolicy.STABLE_MILLIS)).isEqualTo(1000);
    }
}
