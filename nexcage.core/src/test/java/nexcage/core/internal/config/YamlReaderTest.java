package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.yaml read with positions, and ${VAR} / ${VAR:-default} taken from the environment (DESIGN §7). */
class YamlReaderTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    private Node read(String yaml) throws Exception {
        return new YamlReader(write(yaml), env::get).read();
    }

    private ConfigException error(String yaml) throws IOException {
        Path file = write(yaml);
        ConfigException e = catchThrowableOfType(() -> new YamlReader(file, env::get).read(), ConfigException.class);
        assertThat(e).as("reading should fail:\n" + yaml).isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.getMessage()).startsWith(file + ":" + e.line() + ":" + e.column() + ": ");
        return e;
    }

    private static Node at(Node root, String... path) {
        Node n = root;
        for (String p : path) {
            n = ((Node.MapNode) n).entries().get(p);
            assertThat(n).as("no " + String.join(".", path)).isNotNull();
        }
        return n;
    }

    private static Node.Scalar scalar(Node root, String... path) {
        Node n = at(root, path);
        assertThat(n).isInstanceOf(Node.Scalar.class);
        return (Node.Scalar) n;
    }

    private static void assertPosition(Node n, int line, int column) {
        assertThat(new int[] {n.line(), n.column()}).as("line:column of " + n).containsExactly(line, column);
    }

    // ---- values and where they were written

    private static final String SAMPLE = String.join("\n",
            "runtime:",                          // 1
            "  plugin_dir: /srv/plugins",        // 2
            "plugins:",                          // 3
            "  hello:",                          // 4
            "    enabled: true",                 // 5
            "    config:",                       // 6
            "      greeting: \"Hi\"",            // 7
            "      repeat: 3",                   // 8
            "      names: [Ada, Grace]",         // 9
            "      ratio: 1.5",                  // 10
            "      port: \"8080\"",              // 11
            "      nothing: ~",                  // 12
            "      flags:",                      // 13
            "        - true",                    // 14
            "        - false",                   // 15
            "");

    @Test
    void scalarsKeepTheirYamlTypeAndPosition() throws Exception {
        Node root = read(SAMPLE);
        assertPosition(root, 1, 1);
        Node.Scalar dir = scalar(root, "runtime", "plugin_dir");
        assertThat(dir.value()).isEqualTo("/srv/plugins");
        assertPosition(dir, 2, 15);

        assertThat(scalar(root, "plugins", "hello", "enabled").value()).isEqualTo(Boolean.TRUE);
        assertPosition(scalar(root, "plugins", "hello", "enabled"), 5, 14);
        Node.Scalar greeting = scalar(root, "plugins", "hello", "config", "greeting");
        assertThat(greeting.value()).isEqualTo("Hi");
        assertPosition(greeting, 7, 17);
        Node.Scalar repeat = scalar(root, "plugins", "hello", "config", "repeat");
        assertThat(repeat.value()).isEqualTo(3L);
        assertPosition(repeat, 8, 15);
        assertThat(scalar(root, "plugins", "hello", "config", "ratio").value()).isEqualTo(1.5d);
        // quoted, a number stays text
        assertThat(scalar(root, "plugins", "hello", "config", "port").value()).isEqualTo("8080");
        assertThat(scalar(root, "plugins", "hello", "config", "nothing").value()).isNull();
        assertThat(repeat.fromEnv()).isFalse();
        assertThat(greeting.fromEnv()).isFalse();
    }

    @Test
    void listsKeepTheirItemsInOrderWithPositions() throws Exception {
        Node root = read(SAMPLE);
        Node names = at(root, "plugins", "hello", "config", "names");
        assertThat(names).isInstanceOf(Node.ListNode.class);
        List<Node> items = ((Node.ListNode) names).items();
        assertThat(items).extracting(n -> ((Node.Scalar) n).value()).containsExactly("Ada", "Grace");
        assertPosition(names, 9, 14);
        assertPosition(items.get(0), 9, 15);
        assertPosition(items.get(1), 9, 20);

        List<Node> flags = ((Node.ListNode) at(root, "plugins", "hello", "config", "flags")).items();
        assertThat(flags).extracting(n -> ((Node.Scalar) n).value()).containsExactly(true, false);
        assertPosition(flags.get(0), 14, 11);
        assertPosition(flags.get(1), 15, 11);
    }

    @Test
    void mapsKeepTheFileOrderAndWhereEachKeyWas() throws Exception {
        Node.MapNode config = (Node.MapNode) at(read(SAMPLE), "plugins", "hello", "config");
        assertThat(config.entries().keySet()).containsExactly("greeting", "repeat", "names", "ratio", "port", "nothing", "flags");
        assertThat(config.keyPositions().get("greeting")).containsExactly(7, 7);
        assertThat(config.keyPositions().get("repeat")).containsExactly(8, 7);
        assertThat(config.keyPositions().get("flags")).containsExactly(13, 7);
        Node.MapNode top = (Node.MapNode) read(SAMPLE);
        assertThat(top.keyPositions().get("runtime")).containsExactly(1, 1);
        assertThat(top.keyPositions().get("plugins")).containsExactly(3, 1);
    }

    @Test
    void anEmptyFileOrOneWithOnlyCommentsIsAnEmptyMap() throws Exception {
        for (String yaml : List.of("", "# nothing configured yet\n", "\n\n")) {
            Node root = read(yaml);
            assertThat(root).isInstanceOf(Node.MapNode.class);
            assertThat(((Node.MapNode) root).entries()).isEmpty();
        }
    }

    @Test
    void aKeyWrittenTwiceIsAnErrorAtItsSecondPlace() throws Exception {
        ConfigException e = error("plugins:\n  hello:\n    config:\n      repeat: 1\n      repeat: 2\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(5, 7);
        assertThat(e.reason()).contains("'repeat'").contains("twice");
    }

    // ---- ${VAR} and ${VAR:-default}

    @Test
    void aVariableIsTakenFromTheEnvironmentAndFlagged() throws Exception {
        env.put("NX_TOKEN", "tok-123");
        env.put("NX_HOST", "db.example");
        Node root = read("plugins:\n  p:\n    config:\n      token: ${NX_TOKEN}\n      url: \"https://${NX_HOST}:${NX_PORT:-5432}/x\"\n"
                + "      plain: text\n");
        Node.Scalar token = scalar(root, "plugins", "p", "config", "token");
        assertThat(token.value()).isEqualTo("tok-123");
        assertThat(token.fromEnv()).isTrue();
        assertPosition(token, 4, 14);
        Node.Scalar url = scalar(root, "plugins", "p", "config", "url");
        assertThat(url.value()).isEqualTo("https://db.example:5432/x");
        assertThat(url.fromEnv()).as("a value partly from ${...} counts as from the environment").isTrue();
        assertThat(scalar(root, "plugins", "p", "config", "plain").fromEnv()).isFalse();
    }

    @Test
    void aDefaultIsUsedOnlyWhenTheVariableIsUnset() throws Exception {
        env.put("NX_SET", "from-env");
        Node root = read("plugins:\n  p:\n    config:\n      a: ${NX_SET:-dflt}\n      b: ${NX_UNSET:-dflt}\n"
                + "      c: ${NX_UNSET:-}\n      d: '${NX_UNSET:-with spaces and : colons}'\n");
        assertThat(scalar(root, "plugins", "p", "config", "a").value()).isEqualTo("from-env");
        Node.Scalar b = scalar(root, "plugins", "p", "config", "b");
        assertThat(b.value()).isEqualTo("dflt");
        assertThat(b.fromEnv()).as("a value written as ${...} is masked even when its default applied").isTrue();
        assertThat(scalar(root, "plugins", "p", "config", "c").value()).isEqualTo("");
        assertThat(scalar(root, "plugins", "p", "config", "d").value()).isEqualTo("with spaces and : colons");
    }

    /**
     * {@code ${VAR:-default}} is the shell's (and Compose's) syntax, where the default also applies
     * to a variable that is set but empty; {@code ${VAR-default}} would be the unset-only form.
     */
    @Test
    void aDefaultAlsoAppliesToAnEmptyVariableAsInTheShell() throws Exception {
        env.put("NX_EMPTY", "");
        Node root = read("plugins:\n  p:\n    config:\n      a: ${NX_EMPTY:-dflt}\n");
        assertThat(scalar(root, "plugins", "p", "config", "a").value()).isEqualTo("dflt");
    }

    @Test
    void aListItemFromTheEnvironmentIsFlagged() throws Exception {
        env.put("NX_SECOND", "two");
        Node root = read("plugins:\n  p:\n    config:\n      items:\n        - one\n        - ${NX_SECOND}\n");
        List<Node> items = ((Node.ListNode) at(root, "plugins", "p", "config", "items")).items();
        assertThat(((Node.Scalar) items.get(0)).fromEnv()).isFalse();
        assertThat(((Node.Scalar) items.get(1)).value()).isEqualTo("two");
        assertThat(((Node.Scalar) items.get(1)).fromEnv()).isTrue();
    }

    @Test
    void anEnvironmentValueIsTakenLiterallyNotExpandedAgain() throws Exception {
        env.put("NX_ODD", "a$b\\c ${NX_OTHER} $1");
        env.put("NX_OTHER", "must-not-appear");
        Node root = read("plugins:\n  p:\n    config:\n      v: ${NX_ODD}\n");
        assertThat(scalar(root, "plugins", "p", "config", "v").value()).isEqualTo("a$b\\c ${NX_OTHER} $1");
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnErrorNamingItWithItsPosition() throws Exception {
        ConfigException e = error("plugins:\n  p:\n    config:\n      host: x\n      api_key: ${NX_MISSING_KEY}\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(5, 16);
        assertThat(e.reason()).contains("NX_MISSING_KEY").contains("not set");

        e = error("plugins:\n  p:\n    config:\n      url: \"https://${NX_MISSING_HOST}/x\"\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(4, 12);
        assertThat(e.reason()).contains("NX_MISSING_HOST");

        e = error("plugins:\n  p:\n    config:\n      items:\n        - ok\n        - ${NX_MISSING_ITEM}\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(6, 11);
        assertThat(e.reason()).contains("NX_MISSING_ITEM");
    }

    @Test
    void theErrorForAnUnsetVariableNamesTheFirstOneMissing() throws Exception {
        env.put("NX_A", "a");
        ConfigException e = error("plugins:\n  p:\n    config:\n      v: \"${NX_A}-${NX_B}-${NX_C}\"\n");
        assertThat(e.reason()).contains("NX_B").doesNotContain("NX_C");
    }

    @Test
    void textThatOnlyLooksLikeAVariableIsLeftAlone() throws Exception {
        Node root = read("plugins:\n  p:\n    config:\n      a: \"$HOME and ${ not a var } and ${1X}\"\n");
        Node.Scalar a = scalar(root, "plugins", "p", "config", "a");
        assertThat(a.value()).isEqualTo("$HOME and ${ not a var } and ${1X}");
        assertThat(a.fromEnv()).isFalse();
    }

    @Test
    void keysAreNeverSubstituted() throws Exception {
        env.put("NX_K", "k");
        Node.MapNode config = (Node.MapNode) at(read("plugins:\n  p:\n    config:\n      \"${NX_K}\": 1\n"), "plugins", "p", "config");
        assertThat(config.entries()).containsOnlyKeys("${NX_K}");
    }

    // ---- syntax errors

    @Test
    void aSyntaxErrorHasThePositionOfTheOffendingText() throws Exception {
        // a colon after a plain value: the problem is the second colon
        ConfigException e = error("plugins:\n  hello:\n    config:\n      greeting: Hi: there\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(4, 19);
        assertThat(e.reason()).startsWith("not valid YAML: ");

        // one space too many before a key
        e = error("plugins:\n  hello:\n    config:\n      greeting: Hi\n        repeat: 2\n");
        assertThat(e.line()).isEqualTo(5);

        // an unterminated list: reported where the list ran into the next key
        e = error("plugins:\n  hello:\n    config:\n      names: [Ada\n      repeat: 2\n");
        assertThat(e.line()).isEqualTo(5);
    }

    /**
     * SnakeYAML's error has a context ("while parsing a block mapping", with where that began) and
     * the problem itself ("expected &lt;block end&gt;, but found '-'", with where it is); the user needs
     * the problem and its position.
     */
    @Test
    void aSyntaxErrorSaysWhatIsWrongWhereItIsWrong() throws Exception {
        ConfigException e = error("plugins:\n  hello: {}\n- stray\n");
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(3, 1);
        assertThat(e.reason()).as(e.getMessage()).contains("found");

        // a key indented one space less than its siblings
        e = error("plugins:\n  hello:\n    config:\n      greeting: Hi\n     repeat: 2\n");
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(5, 6);
        assertThat(e.reason()).as(e.getMessage()).contains("expected");
    }

    @Test
    void aSyntaxErrorNeverQuotesTheLineItIsOn() throws Exception {
        String secret = "s3cr3t-Value-42";
        for (String yaml : List.of(
                "plugins:\n  p:\n    config:\n      api_key: \"" + secret + "\n",
                "plugins:\n  p:\n    config:\n      api_key: " + secret + ": x\n",
                "plugins:\n  p:\n    config:\n      api_key: [" + secret + "\n      other: 1\n",
                "plugins:\n  p:\n    config:\n      api_key: " + secret + "\n     other: 1\n",
                "plugins:\n  p:\n    config:\n      api_key: \"\\q" + secret + "\"\n",
                "plugins:\n  p:\n\tconfig:\n      api_key: " + secret + "\n")) {
            ConfigException e = error(yaml);
            assertThat(e.getMessage()).as("the error for\n" + yaml).doesNotContain(secret).doesNotContain("\n");
        }
    }

    /**
     * Jackson's streaming YAML parser does not resolve aliases: it reports {@code *name} as the text
     * {@code name}. The value must either be the anchored one or the file must be refused, never the
     * alias's name silently.
     */
    @Test
    void anAliasIsResolvedOrRefusedNeverReadAsItsName() throws Exception {
        Path file = write("plugins:\n  p:\n    config:\n      first: &shared s3cr3t\n      second: *shared\n");
        try {
            Node root = new YamlReader(file, env::get).read();
            assertThat(scalar(root, "plugins", "p", "config", "second").value()).isEqualTo("s3cr3t");
        } catch (ConfigException e) {
            assertThat(e.line()).isEqualTo(5);
        }
    }

    // ---- what a hostile or careless file holds (issue 21): refused with its position, never an Error

    @Test
    void deepNestingIsRefusedAtTheBracketThatGoesTooDeepEvenOnASmallStack() throws Exception {
        Path file = write("plugins:\n  hello:\n    config:\n      x: " + "[".repeat(10_000) + "\n");
        // the daemon runs with -Xss512k; a reader that recursed as deep as the file would overflow here
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(null, () -> thrown.set(catchThrowable(() -> new YamlReader(file, env::get).read())), "small-stack", 256 * 1024);
        t.start();
        t.join(30_000);
        assertThat(thrown.get()).isInstanceOf(ConfigException.class);
        ConfigException e = (ConfigException) thrown.get();
        // the map, plugins, hello and config are four levels, so the 29th bracket is the 33rd level
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(4, 10 + 28);
        assertThat(e.reason()).contains("more than " + YamlReader.MAX_DEPTH + " levels");
    }

    @Test
    void aliasesAreRefusedWhereTheFirstIsNestedOrAtTheTop() throws Exception {
        ConfigException e = error("plugins:\n  hello:\n    config:\n      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                + "      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n");
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(5, 14);
        assertThat(e.reason()).contains("alias *a");

        e = error("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n");
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(2, 8);
        assertThat(e.reason()).contains("alias *a");
    }

    @Test
    void invalidUtf8IsReportedOnItsLine() throws Exception {
        byte[] head = "plugins:\n  hello:\n    config:\n      greeting: h".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xff;
        bytes[head.length + 1] = 'i';
        bytes[head.length + 2] = '\n';
        Path file = Files.write(dir.resolve("config.yaml"), bytes);
        ConfigException e = catchThrowableOfType(() -> new YamlReader(file, env::get).read(), ConfigException.class);
        assertThat(new int[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(4, 18);
        assertThat(e.reason()).contains("0xFF").contains("UTF-8");
    }

    @Test
    void aFileOverTheCapIsRefusedUnparsedNamingTheLimitAndTheFix() throws Exception {
        // one long value: SnakeYAML would take seconds (quadratic in the line) before this cap
        ConfigException e = error("plugins:\n  hello:\n    config:\n      greeting: " + "x".repeat(4 * 1024 * 1024) + "\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(1, 1);
        assertThat(e.reason()).contains("1 MiB").contains("files the plugins read");
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("xxx");
    }

    @Test
    void aLineOverTheCapIsRefusedWhereItPassesTheCap() throws Exception {
        ConfigException e = error("plugins:\n  hello:\n    config:\n      greeting: " + "x".repeat(ConfigText.MAX_LINE_CHARS) + "\n");
        assertThat(new int[] {e.line(), e.column()}).containsExactly(4, ConfigText.MAX_LINE_CHARS + 1);
        assertThat(e.reason()).contains("line 4").contains(Integer.toString(ConfigText.MAX_LINE_CHARS)).contains("files the plugins read");
    }

    @Test
    void aValueOverTheCapIsRefusedAtTheValue() throws Exception {
        // short lines, but one block value of 100,000 characters
        String block = ("        " + "y".repeat(99) + "\n").repeat(1000);
        ConfigException e = error("plugins:\n  hello:\n    config:\n      greeting: |\n" + block);
        assertThat(new int[] {e.line(), e.column()}).containsExactly(4, 17);
        assertThat(e.reason()).contains("100000 characters").contains(Integer.toString(ConfigText.MAX_LINE_CHARS));
    }

    @Test
    void anEmptyValueIsNullNotEmptyText() throws Exception {
        Node root = read("plugins:\n  p:\n    config:\n      a:\n      items:\n        -\n");
        assertThat(scalar(root, "plugins", "p", "config", "a").value()).isNull();
        assertThat(((Node.Scalar) ((Node.ListNode) at(root, "plugins", "p", "config", "items")).items().get(0)).value()).isNull();
    }
}
