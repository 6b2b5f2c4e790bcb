package nexcage.http.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API's bearer token, {@code $NEXCAGE_STATE/api.token}: made on the first enable (256 random
 * bits, base64url), written mode 0600 before it holds anything, and reused across restarts so
 * clients keep working. A file whose mode lets others read it is narrowed back to 0600.
 */
public final class TokenFile {
    public static final String NAME = "api.token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFile() {
    }

    public static String loadOrCreate(Path stateDir) throws IOException {
        Path file = stateDir.resolve(NAME);
        if (Files.isRegularFile(file)) {
            String token = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!token.isEmpty()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                return token;
            }
        }
        Files.createDirectories(stateDir);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path tmp = Files.createTempFile(stateDir, NAME, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return token;
    }
}
