package nexcage.http.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
    @TempDir
    Path state;

    @Test
    void theFirstEnableMakesAPrivateTokenThatLaterStartsReuse() throws IOException {
        String token = TokenFile.loadOrCreate(state.resolve("new"));
        Path file = state.resolve("new").resolve(TokenFile.NAME);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(TokenFile.loadOrCreate(state.resolve("new"))).isEqualTo(token);
    }

    @Test
    void aTokenFileOthersCouldReadIsNarrowedAndAnEmptyOneReplaced() throws IOException {
        Path file = state.resolve(TokenFile.NAME);
        Files.writeString(file, "kept\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(TokenFile.loadOrCreate(state)).isEqualTo("kept");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        Files.writeString(file, "");
        assertThat(TokenFile.loadOrCreate(state)).isNotEmpty().isNotEqualTo("kept");
    }
}
