package nexcage.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.core.internal.config.ConfigDocument;
import nexcage.core.internal.config.Node;

class YamlSectionEditorTest {

    @TempDir
    Path dir;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String edit(String text, String plugin, Map<String, Object> config) {
        return YamlSectionEditor.replacePluginConfig(text, plugin, config, Set.of());
    }

    /** What the core's own reader makes of the text: the plugin's values, as plain Java values. */
    private Map<String, Object> readBack(String text, String plugin) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        ConfigDocument doc = ConfigDocument.read(f, v -> null);
        Map<String, Object> out = new LinkedHashMap<>();
        doc.plugins().get(plugin).config().forEach((k, n) -> out.put(k, plain(n)));
        return out;
    }

    private static Object plain(Node n) {
        if (n instanceof Node.Scalar s) {
            return s.value();
        }
        if (n instanceof Node.ListNode l) {
            return l.items().stream().map(YamlSectionEditorTest::plain).toList();
        }
        return n;
    }

    @Test
    void replacesOnlyTheConfigMapAndKeepsEveryOtherLineWithItsComments() {
        String before = """
                # my NexCage
                runtime:
                  default_backend: docker   # the engine
                plugins:
                  # the greeter
                  hello:
                    enabled: true
                    config:
                      greeting: hi   # old
                      count: 1
                  other:
                    config:
                      x: 1
                # end
                """;
        String after = edit(before, "hello", map("greeting", "hey", "count", 2L));
        assertThat(after).isEqualTo("""
                # my NexCage
                runtime:
                  default_backend: docker   # the engine
                plugins:
                  # the greeter
                  hello:
                    enabled: true
                    config:
                      greeting: hey
                      count: 2
                  other:
                    config:
                      x: 1
                # end
                """);
    }

    @Test
    void addsThePluginsSectionWhenMissing() throws Exception {
        String after = edit("runtime:\n  default_backend: docker\n", "hello", map("greeting", "hey"));
        assertThat(after).isEqualTo("runtime:\n  default_backend: docker\nplugins:\n  hello:\n    config:\n      greeting: hey\n");
        assertThat(readBack(after, "hello")).containsEntry("greeting", "hey");
    }

    @Test
    void startsAnEmptyFile() throws Exception {
        String after = edit("", "hello", map("n", 1L));
        assertThat(readBack(after, "hello")).containsEntry("n", 1L);
    }

    @Test
    void addsTheSectionAndItsConfigUnderAnExistingPluginsMapInItsIndentation() {
        String before = "plugins:\n    other:\n        enabled: false\n# trailing\n";
        String after = edit(before, "hello", map("a", true));
        assertThat(after).isEqualTo("plugins:\n    other:\n        enabled: false\n    hello:\n        config:\n            a: true\n# trailing\n");
        String added = edit("plugins:\n  hello:\n    enabled: false\n", "hello", map("a", 1L));
        assertThat(added).isEqualTo("plugins:\n  hello:\n    enabled: false\n    config:\n      a: 1\n");
    }

    @Test
    void emptyAndNullSectionsGiveWayToTheBlock() throws Exception {
        assertThat(readBack(edit("plugins: {}\n", "hello", map("a", "b")), "hello")).containsEntry("a", "b");
        assertThat(readBack(edit("plugins:\n  hello: ~\n", "hello", map("a", "b")), "hello")).containsEntry("a", "b");
        assertThat(edit("plugins:\n  hello:\n    config:\n      a: 1\n", "hello", Map.of())).isEqualTo("plugins:\n  hello:\n    config: {}\n");
    }

    @Test
    void listsAndListsWrittenAtTheKeysIndentAreReplacedWhole() throws Exception {
        String before = "plugins:\n  hello:\n    config:\n      hosts:\n      - a\n      - b\n      port: 1\n  next:\n    enabled: true\n";
        String after = edit(before, "hello", map("hosts", List.of("x", "y z"), "empty", List.of(), "arr", new String[] {"q"}));
        assertThat(after).isEqualTo("plugins:\n  hello:\n    config:\n      hosts:\n        - x\n        - \"y z\"\n      empty: []\n"
                + "      arr:\n        - q\n  next:\n    enabled: true\n");
        assertThat(readBack(after, "hello")).containsEntry("hosts", List.of("x", "y z")).containsEntry("empty", List.of());
    }

    @Test
    void nestedMapsAreWrittenAsBlocksAndMapsInListsInFlowStyle() {
        String after = edit("", "p", map("outer", map("inner", 1L, "list", List.of(map("k", "v"), List.of(1L, 2L)))));
        assertThat(after).isEqualTo("plugins:\n  p:\n    config:\n      outer:\n        inner: 1\n        list:\n"
                + "          - {k: v}\n          - [1, 2]\n");
    }

    @Test
    void quotesStringsThatYamlWouldReadAsSomethingElse() throws Exception {
        List<String> tricky = List.of("yes", "No", "null", "~", "true", "123", "0x1F", "1.5", "1e3", "12:30", "2024-01-01", "", " lead",
                "a: b", "# no", "x #y", "[1]", "{a}", "*alias", "&a", "!tag", "%p", "@at", "`b", "|", ">", "-", "- x", "?",
                "quote\"s", "back\\slash", "line\nbreak", "tab\there", "\u0007bell", "ünï", "'single'", ",", "on", "OFF", ".inf");
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < tricky.size(); i++) {
            values.put("v" + i, tricky.get(i));
        }
        values.put("yes", "key that is a word");
        values.put("dotted.key", "ok");
        values.put("with space", "ok");
        Map<String, Object> back = readBack(edit("", "p", values), "p");
        assertThat(back).isEqualTo(values);
        assertThat(edit("", "p", map("plain", "busybox:latest/x"))).contains("plain: \"busybox:latest/x\"");
        assertThat(edit("", "p", map("plain", "/etc/nexcage"))).contains("plain: /etc/nexcage\n");
    }

    @Test
    void numbersAndBooleansKeepTheirType() throws Exception {
        Map<String, Object> back = readBack(edit("", "p", map("i", 42, "l", -7L, "d", 1.5e10, "small", 0.25, "b", false, "n", null)), "p");
        assertThat(back).containsEntry("i", 42L).containsEntry("l", -7L).containsEntry("b", false).containsEntry("n", null);
        assertThat(((Number) back.get("d")).doubleValue()).isEqualTo(1.5e10);
        assertThat(((Number) back.get("small")).doubleValue()).isEqualTo(0.25);
    }

    @Test
    void keepsTheOldLinesOfTheKeysAskedFor() {
        String before = "plugins:\n  p:\n    config:\n      api_key: \"${P_KEY}\"   # from the environment\n      url: x\n";
        String after = YamlSectionEditor.replacePluginConfig(before, "p", map("url", "z", "api_key", "********"), Set.of("api_key"));
        assertThat(after).isEqualTo("plugins:\n  p:\n    config:\n      url: z\n      api_key: \"${P_KEY}\"   # from the environment\n");
    }

    @Test
    void quotedKeysAreFound() {
        String after = edit("\"plugins\":\n  'hello':\n    \"config\":\n      a: 1\n", "hello", map("a", 2L));
        assertThat(after).isEqualTo("\"plugins\":\n  'hello':\n    \"config\":\n      a: 2\n");
    }

    @Test
    void keepsWindowsLineEndings() {
        assertThat(edit("runtime:\r\n  default_backend: docker\r\n", "p", map("a", 1L)))
                .isEqualTo("runtime:\r\n  default_backend: docker\r\nplugins:\r\n  p:\r\n    config:\r\n      a: 1\r\n");
    }

    @Test
    void refusesASectionWrittenOnOneLine() {
        assertThatThrownBy(() -> edit("plugins: {hello: {config: {a: 1}}}\n", "hello", map("a", 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1").hasMessageContaining("block");
    }

    @Test
    void refusesValuesConfigYamlCannotHold() {
        assertThatThrownBy(() -> edit("", "p", map("when", new java.util.Date())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plugins.p.config.when");
    }
}
