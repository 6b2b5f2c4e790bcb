package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is never printed (DESIGN §7): secret-named keys, values from ${...}, and URL user-info. */
class SecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // each word of DESIGN §7 alone, in any case
        "key", "KEY", "token", "Token", "password", "PASSWORD", "passwd", "PassWd", "secret", "SECRET", "credential",
        "Credential", "auth", "AUTH", "private", "Private",
        // and inside a longer key
        "api_key", "API_KEY", "apiKey", "ssh-key-file", "access_token", "X-Auth-Token", "db_password", "dbPassword",
        "mysql_passwd", "client_secret", "ClientSecret", "credentials", "aws.credentials.file", "authorization",
        "oauth_client", "private_key", "privateKeyPem", "keystore"})
    void aKeyNamingASecretIsMasked(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
        assertThat(Secrets.mask(key, "hunter2", false)).as(key).isEqualTo(Secrets.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"host", "port", "greeting", "repeat", "names", "url", "endpoint", "timeout_ms", "user", "enabled"})
    void otherKeysAreShown(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
        assertThat(Secrets.mask(key, "shown", false)).isEqualTo("shown");
        assertThat(Secrets.mask(key, 8080L, false)).isEqualTo(8080L);
        assertThat(Secrets.mask(key, true, false)).isEqualTo(true);
    }

    @Test
    void aSecretKeyMasksEveryKindOfValue() {
        for (Object v : List.of("text", 1234, 1234L, 1.5d, true, 'c')) {
            assertThat(Secrets.mask("pin_token", v, false)).as(String.valueOf(v)).isEqualTo(Secrets.MASK);
        }
    }

    @Test
    void aValueFromTheEnvironmentIsMaskedWhateverItsKey() {
        assertThat(Secrets.mask("host", "db.internal", true)).isEqualTo(Secrets.MASK);
        assertThat(Secrets.mask("port", 5432L, true)).isEqualTo(Secrets.MASK);
        assertThat(Secrets.mask("greeting", "", true)).isEqualTo(Secrets.MASK);
    }

    @Test
    void nullStaysNull() {
        assertThat(Secrets.mask("password", null, false)).isNull();
        assertThat(Secrets.mask("host", null, true)).isNull();
    }

    @Test
    void theMaskGivesNothingAway() {
        assertThat(Secrets.MASK).matches("\\*+");
        assertThat(Secrets.mask("password", "a", false)).isEqualTo(Secrets.mask("password", "a much longer password", false));
    }

    @Test
    void theUserInfoOfAUrlIsMasked() {
        assertThat(Secrets.mask("url", "https://ada:hunter2@api.example.com/v1", false))
                .isEqualTo("https://" + Secrets.MASK + "@api.example.com/v1");
        assertThat(Secrets.mask("dsn", "postgres://admin@db:5432/app", false)).isEqualTo("postgres://" + Secrets.MASK + "@db:5432/app");
        assertThat(Secrets.maskUrlUserInfo("mirrors: http://u1:p1@a.example and ftp://u2:p2@b.example/x"))
                .isEqualTo("mirrors: http://" + Secrets.MASK + "@a.example and ftp://" + Secrets.MASK + "@b.example/x");
        assertThat(Secrets.maskUrlUserInfo("git+ssh://git:tok@host.example/repo.git")).doesNotContain("tok");
    }

    @Test
    void urlsWithoutUserInfoAndOtherTextAreShown() {
        for (String s : List.of("https://api.example.com/v1", "https://api.example.com/users/@me", "ada@example.com",
                "mailto:ada@example.com", "plain text", "")) {
            assertThat(Secrets.mask("url", s, false)).isEqualTo(s);
        }
    }

    /** Only strings carry URLs: numbers and booleans under harmless keys pass unchanged. */
    @Test
    void nonTextValuesAreNotRewritten() {
        assertThat(Secrets.mask("url", 42L, false)).isEqualTo(42L);
    }

    /**
     * A password holding an '@' that was not percent-encoded: URL parsers (browsers, curl, Python)
     * take the user-info up to the last '@' before the host, so all of it is the secret.
     */
    @Test
    void noPartOfAPasswordWithAnAtSignIsShown() {
        String shown = Secrets.maskUrlUserInfo("https://ada:p@ss@host.example/x");
        assertThat(shown).doesNotContain("p@ss").doesNotContain("ss@").endsWith("@host.example/x");
    }
}
