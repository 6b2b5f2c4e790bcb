package nexcage.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code plugins.docker.config.warm_up}: {@code lazy} (the default) leaves docker-java unloaded
 * until the first container or image command; {@code activation} warms it up as the backend
 * activates, with no command at all.
 */
class WarmUpSettingTest {

    /** A configuration as DS makes it from the plugin's @ObjectClassDefinition. */
    private static DockerConfig config(String warmUp) {
        return new DockerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DockerConfig.class;
            }

            @Override
            public String host() {
                return "";
            }

            @Override
            public String tls_ca() {
                return "";
            }

            @Override
            public String tls_cert() {
                return "";
            }

            @Override
            public String tls_key() {
                return "";
            }

            @Override
            public String warm__up() {
                return warmUp;
            }
        };
    }

    private static Engine engineOf(DockerBackend b) throws Exception {
        var f = DockerBackend.class.getDeclaredField("engine");
        f.setAccessible(true);
        return (Engine) f.get(b);
    }

    @Test
    void activationWarmsUpDockerJavaWithoutACommand() throws Exception {
        RealEngine.backend(); // fails with the reason when no engine answers
        DockerBackend b = new DockerBackend();
        b.activate(config(DockerConfig.WARM_UP_ACTIVATION), Map.of("warm_up", DockerConfig.WARM_UP_ACTIVATION));
        try {
            Thread t = b.warmUpThread();
            assertThat(t).as("the warm-up started at activation").isNotNull();
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("the warm-up ended within 60 s").isFalse();
            assertThat(engineOf(b).clientsMade()).as("docker-java's clients, made by the warm-up before any command").isTrue();
        } finally {
            b.close();
        }
    }

    @Test
    void lazyByDefaultLeavesDockerJavaAloneUntilTheFirstCommand() throws Exception {
        RealEngine.backend();
        DockerBackend b = new DockerBackend();
        b.activate(config(DockerConfig.WARM_UP_LAZY), Map.of());
        try {
            assertThat(b.health().state()).isEqualTo(nexcage.api.backend.BackendHealth.State.HEALTHY);
            assertThat(b.warmUpThread()).as("no warm-up before a command").isNull();
            assertThat(engineOf(b).clientsMade()).isFalse();
            b.list(false);
            assertThat(b.warmUpThread()).as("the first command starts it").isNotNull();
        } finally {
            b.close();
        }
    }

    @Test
    void anyOtherValueIsRefusedInOneSentence() {
        DockerBackend b = new DockerBackend();
        assertThat(WarmUp.atActivation(null)).isFalse();
        assertThat(WarmUp.atActivation("lazy")).isFalse();
        assertThat(WarmUp.atActivation(" activation ")).isTrue();
        assertThatThrownBy(() -> b.checkConfig(null, Map.of("warm_up", "eager")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warm_up 'eager' is not a warm-up setting; write lazy (docker-java is loaded at the first container command,"
                        + " the default) or activation (at the daemon's start)");
    }
}
