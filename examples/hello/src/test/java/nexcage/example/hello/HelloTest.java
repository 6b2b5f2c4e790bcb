package nexcage.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.api.cli.CommandContext;
import org.nexcage.examples.greeting.Greetings;

/** The hello plugin's greeting, its typed configuration and its own check of it. */
class HelloTest {

    /** A configuration as DS makes it from the plugin's @ObjectClassDefinition. */
    private static HelloConfig config(String greeting, int repeat, String... names) {
        return new HelloConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return HelloConfig.class;
            }

            @Override
            public String greeting() {
                return greeting;
            }

            @Override
            public int repeat() {
                return repeat;
            }

            @Override
            public String[] names() {
                return names;
            }
        };
    }

    private static String run(HelloConfig c, String... args) {
        HelloCommand cmd = new HelloCommand();
        cmd.activate(c);
        return run(cmd, args);
    }

    private static String run(HelloCommand cmd, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CommandContext ctx = new CommandContext() {
            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public PrintStream err() {
                return out;
            }

            @Override
            public Path cwd() {
                return Path.of(".");
            }

            @Override
            public boolean tty() {
                return false;
            }
        };
        assertThat(cmd.execute(ctx, List.of(args))).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void greetingsStaysCompatibleForTheShoutPlugin() {
        assertThat(Greetings.greet(null)).isEqualTo("Hello, World!");
        assertThat(Greetings.greet("")).isEqualTo("Hello, World!");
        assertThat(Greetings.greet("Ada")).isEqualTo("Hello, Ada!");
        assertThat(Greetings.greet("Hi", "Ada")).isEqualTo("Hi, Ada!");
        assertThat(Greetings.greet(null, null)).isEqualTo("Hello, World!");
        assertThat(Greetings.greet(" ", "Ada")).isEqualTo("Hello, Ada!");
    }

    @Test
    void withTheDefaultsTheOutputIsHelloWorld() {
        assertThat(run(config("Hello", 1))).isEqualTo("Hello, World!\n");
        assertThat(run(config("Hello", 1), "World")).isEqualTo("Hello, World!\n");
        assertThat(run(config("Hello", 1, ""), "Ada")).isEqualTo("Hello, Ada!\n");
    }

    @Test
    void theGreetingIsRepeatedAndGreetsTheConfiguredNames() {
        assertThat(run(config("Hi", 2), "World")).isEqualTo("Hi, World!\nHi, World!\n");
        assertThat(run(config("Hi", 2, "Ada", "Grace"))).isEqualTo("Hi, Ada!\nHi, Grace!\nHi, Ada!\nHi, Grace!\n");
        // a name given on the command line wins over the configured ones
        assertThat(run(config("Hi", 1, "Ada", "Grace"), "Linus")).isEqualTo("Hi, Linus!\n");
    }

    @Test
    void aModifiedConfigurationIsTakenInPlace() {
        HelloCommand cmd = new HelloCommand();
        cmd.activate(config("Hello", 1));
        assertThat(run(cmd, "World")).isEqualTo("Hello, World!\n");
        cmd.modified(config("Howdy", 3));
        assertThat(run(cmd, "World")).isEqualTo("Howdy, World!\nHowdy, World!\nHowdy, World!\n");
    }

    @Test
    void aRepeatOutsideTheRangeIsClampedIfItEverArrives() {
        assertThat(run(config("Hi", 0), "x")).isEqualTo("Hi, x!\n");
        assertThat(run(config("Hi", 1000), "x").lines().count()).isEqualTo(HelloConfig.MAX_REPEAT);
    }

    @Test
    void checkConfigAcceptsARepeatFromOneToTen() {
        HelloLifecycle l = new HelloLifecycle();
        for (Object ok : List.of(1, 10, 5L, "3", " 7 ")) {
            assertThatCode(() -> l.checkConfig(null, Map.of("repeat", ok))).as(String.valueOf(ok)).doesNotThrowAnyException();
        }
        assertThatCode(() -> l.checkConfig(null, Map.of())).doesNotThrowAnyException();
        assertThatCode(() -> l.checkConfig(null, Map.of("greeting", "Hi", "api_key", "x"))).doesNotThrowAnyException();
    }

    @Test
    void checkConfigRefusesOtherRepeatsWithOneLine() {
        HelloLifecycle l = new HelloLifecycle();
        for (Object bad : List.of(0, 11, -1L, "many", 2.5d, "")) {
            assertThatThrownBy(() -> l.checkConfig(null, Map.of("repeat", bad))).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("repeat must be")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void checkConfigNeverEchoesTheValueItRefuses() {
        HelloLifecycle l = new HelloLifecycle();
        assertThatThrownBy(() -> l.checkConfig(null, Map.of("repeat", "s3cr3t-from-env"))).hasMessageNotContaining("s3cr3t");
    }
}
