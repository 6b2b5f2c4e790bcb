package nexcage.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRequestTest {
    @TempDir
    Path tmp;

    private PluginRequest parse(String... args) throws BadRequest {
        return PluginRequest.parse(List.of(args), tmp.resolve("work"), tmp.resolve("checkout"), tmp.resolve("home"),
                Set.of("plugin", "run"));
    }

    @Test
    void aCommandInAFolderNamedAfterItByDefault() throws BadRequest {
        assertThat(parse("greet")).isEqualTo(new PluginRequest("greet", PluginType.COMMAND, tmp.resolve("work/greet")));
    }

    @Test
    void takesTheTypeAndTheFolder() throws BadRequest {
        PluginRequest r = parse("--type", "hooks", "my-hooks", "--dir", "x/y");
        assertThat(r).isEqualTo(new PluginRequest("my-hooks", PluginType.HOOKS, tmp.resolve("work/x/y")));
    }

    @Test
    void neverPutsADefaultFolderInsideTheCheckout() throws BadRequest {
        PluginRequest r = PluginRequest.parse(List.of("greet"), tmp.resolve("checkout/sub"), tmp.resolve("checkout"),
                tmp.resolve("home"), Set.of());
        assertThat(r.dir()).isEqualTo(tmp.resolve("home/nexcage-plugins/greet"));
    }

    @Test
    void refusesBadNamesInOneLine() {
        for (String bad : List.of("Greet", "1greet", "greet-", "gr eet", "gr_eet", "a".repeat(65), "-x")) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(BadRequest.class)
                    .hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> parse("Greet")).hasMessageContaining("lower-case letters");
    }

    @Test
    void refusesBuiltInsUnknownTypesAndOptionsAndMissingValues() {
        assertThatThrownBy(() -> parse("run")).hasMessageContaining("built-in");
        assertThatThrownBy(() -> parse("greet", "--type", "daemon")).hasMessage("unknown plugin type 'daemon'; --type is one of"
                + " command, backend, integration, hooks");
        assertThatThrownBy(() -> parse("greet", "--force")).hasMessageContaining("unknown option '--force'");
        assertThatThrownBy(() -> parse("greet", "--dir")).hasMessageContaining("--dir needs a value");
        assertThatThrownBy(() -> parse()).hasMessageContaining("NAME is missing");
        assertThatThrownBy(() -> parse("a", "b")).hasMessageContaining("one NAME only");
    }

    @Test
    void refusesAnExistingFolder() throws IOException {
        Files.createDirectories(tmp.resolve("work/greet"));
        assertThatThrownBy(() -> parse("greet")).isInstanceOf(BadRequest.class).hasMessageContaining("already exists");
    }
}
