package nexcage.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import nexcage.api.PluginMetadata;
import nexcage.api.ResourceRequirements;

/**
 * Runs every vector of {@code vectors/validation.json} (a copy of the original engine's validation
 * vectors) against {@link Validation}, {@link ResourceRequirements} and {@link PluginMetadata}, and
 * checks that no section and no vector is skipped; then some edge cases and message checks of our
 * own.
 */
class ValidationVectorsTest {

    private static final String VECTORS = "/vectors/validation.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode vectors;

    /** Vectors executed so far, by section. */
    private static final Map<String, AtomicInteger> RAN = new ConcurrentHashMap<>();

    /** How each section of the file is run; a section of the file without an entry here fails. */
    private static final Map<String, Function<JsonNode, List<DynamicTest>>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("container_id", s -> stringSection("container_id", s, Validation::containerId));
        SECTIONS.put("plugin_name", s -> stringSection("plugin_name", s, Validation::pluginName));
        SECTIONS.put("hostname", s -> stringSection("hostname", s, Validation::hostname));
        SECTIONS.put("email", s -> stringSection("email", s, Validation::email));
        SECTIONS.put("url", s -> stringSection("url", s, Validation::url));
        SECTIONS.put("command_args", ValidationVectorsTest::commandArgsSection);
        SECTIONS.put("memory_size", ValidationVectorsTest::memorySizeSection);
        SECTIONS.put("cpu_spec", ValidationVectorsTest::cpuSpecSection);
        SECTIONS.put("path_within", ValidationVectorsTest::pathWithinSection);
        SECTIONS.put("version_compatible", ValidationVectorsTest::versionSection);
        SECTIONS.put("resources", ValidationVectorsTest::resourcesSection);
        SECTIONS.put("metadata", ValidationVectorsTest::metadataSection);
    }

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ValidationVectorsTest.class.getResourceAsStream(VECTORS)) {
            assertThat(in).as("test resource %s", VECTORS).isNotNull();
            vectors = JSON.readTree(in);
        }
    }

    // ------------------------------------------------------------------------------------------
    // the vectors

    /**
     * One container per section of the file: a test per vector, then a test that the number of
     * vectors run equals the number the file holds (the sum of the sizes of the section's arrays).
     */
    @TestFactory
    Stream<DynamicNode> vectors() {
        List<DynamicNode> nodes = new ArrayList<>();
        for (String name : sectionNames()) {
            JsonNode section = vectors.get(name);
            Function<JsonNode, List<DynamicTest>> runner = SECTIONS.get(name);
            if (runner == null) {
                nodes.add(DynamicTest.dynamicTest(name + ": no runner",
                        () -> assertThat(SECTIONS).as("a runner for section '%s' of %s", name, VECTORS).containsKey(name)));
                continue;
            }
            RAN.put(name, new AtomicInteger());
            List<DynamicNode> children = new ArrayList<>(runner.apply(section));
            int expected = vectorCount(section);
            children.add(DynamicTest.dynamicTest("all " + expected + " vectors of " + name + " ran",
                    () -> assertThat(RAN.get(name).get()).as("vectors run in section %s", name).isEqualTo(expected)));
            nodes.add(DynamicContainer.dynamicContainer(name, children));
        }
        return nodes.stream();
    }

    @Test
    void everySectionOfTheFileHasARunnerAndEveryRunnerASection() {
        assertThat(sectionNames()).containsExactlyInAnyOrderElementsOf(SECTIONS.keySet());
    }

    @Test
    void theFileHasVectorsInEverySection() {
        for (String name : sectionNames()) {
            assertThat(vectorCount(vectors.get(name))).as("vectors in %s", name).isPositive();
            assertThat(vectors.get(name).path("rule").asText()).as("rule of %s", name).isNotBlank();
        }
    }

    private static Set<String> sectionNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = vectors.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.startsWith("_")) {
                names.add(name);
            }
        }
        return names;
    }

    /** The vectors a section holds: the elements of all its arrays ("valid", "invalid", "cases", ...). */
    private static int vectorCount(JsonNode section) {
        int n = 0;
        for (Iterator<JsonNode> it = section.elements(); it.hasNext(); ) {
            JsonNode field = it.next();
            if (field.isArray()) {
                n += field.size();
            }
        }
        return n;
    }

    private static DynamicTest vector(String section, String displayName, Executable body) {
        return DynamicTest.dynamicTest(displayName, () -> {
            RAN.get(section).incrementAndGet();
            body.execute();
        });
    }

    private static ValidationErrorKind kind(JsonNode node) {
        return ValidationErrorKind.valueOf(node.asText());
    }

    private static List<DynamicTest> stringSection(String section, JsonNode s, Function<String, String> check) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            String input = v.asText();
            tests.add(vector(section, "valid " + Shown.show(input),
                    () -> assertThat(check.apply(input)).isEqualTo(input)));
        }
        for (JsonNode v : s.path("invalid")) {
            String input = v.get(0).asText();
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector(section, "invalid " + Shown.show(input) + " -> " + kind, () -> {
                ValidationException e = expectFailure(() -> check.apply(input), kind);
                assertMessageNames(e, input);
            }));
        }
        return tests;
    }

    private static List<DynamicTest> commandArgsSection(JsonNode s) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            List<String> args = strings(v);
            tests.add(vector("command_args", "valid " + display(args),
                    () -> assertThat(Validation.commandArgs(args)).containsExactlyElementsOf(args)));
        }
        for (JsonNode v : s.path("invalid")) {
            List<String> args = strings(v.get(0));
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("command_args", "invalid " + display(args) + " -> " + kind, () -> {
                ValidationException e = expectFailure(() -> Validation.commandArgs(args), kind);
                // every invalid vector has exactly one bad argument, the last one
                int bad = args.size() - 1;
                assertThat(e.getMessage()).contains("index " + bad);
                assertMessageNames(e, args.get(bad));
            }));
        }
        return tests;
    }

    private static List<DynamicTest> memorySizeSection(JsonNode s) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            String input = v.get(0).asText();
            long bytes = v.get(1).asLong();
            tests.add(vector("memory_size", "valid " + Shown.show(input) + " = " + bytes,
                    () -> assertThat(Validation.memorySize(input)).isEqualTo(bytes)));
        }
        for (JsonNode v : s.path("invalid")) {
            String input = v.get(0).asText();
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("memory_size", "invalid " + Shown.show(input) + " -> " + kind,
                    () -> assertMessageNames(expectFailure(() -> Validation.memorySize(input), kind), input)));
        }
        return tests;
    }

    private static List<DynamicTest> cpuSpecSection(JsonNode s) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            String input = v.get(0).asText();
            double value = v.get(1).asDouble();
            tests.add(vector("cpu_spec", "valid " + Shown.show(input) + " = " + value,
                    () -> assertThat(Validation.cpuSpec(input)).isEqualTo(value)));
        }
        for (JsonNode v : s.path("invalid")) {
            String input = v.get(0).asText();
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("cpu_spec", "invalid " + Shown.show(input) + " -> " + kind,
                    () -> assertMessageNames(expectFailure(() -> Validation.cpuSpec(input), kind), input)));
        }
        return tests;
    }

    private static List<DynamicTest> pathWithinSection(JsonNode s) {
        assertThat(s.path("base").isTextual()).as("path_within has a base").isTrue();
        Path base = Path.of(s.get("base").asText());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            String input = v.asText();
            tests.add(vector("path_within", "valid " + Shown.show(input), () -> {
                Path p = Validation.pathWithin(base, input);
                assertThat(p).isEqualTo(Path.of(input).normalize()).startsWithRaw(base);
            }));
        }
        for (JsonNode v : s.path("invalid")) {
            String input = v.get(0).asText();
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("path_within", "invalid " + Shown.show(input) + " -> " + kind,
                    () -> assertMessageNames(expectFailure(() -> Validation.pathWithin(base, input), kind), input)));
        }
        return tests;
    }

    private static List<DynamicTest> versionSection(JsonNode s) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("cases")) {
            String provided = v.get(0).asText();
            String required = v.get(1).asText();
            boolean compatible = v.get(2).asBoolean();
            assertThat(v.get(2).isBoolean()).as("third element of %s", v).isTrue();
            tests.add(vector("version_compatible",
                    "provided " + provided + (compatible ? " satisfies " : " does not satisfy ") + required,
                    () -> assertThat(Validation.versionCompatible(provided, required)).isEqualTo(compatible)));
        }
        return tests;
    }

    private static List<DynamicTest> resourcesSection(JsonNode s) {
        Map<String, Integer> defaults = defaultsFromRule(s.get("rule").asText());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("valid")) {
            Map<String, Object> given = JSON.convertValue(v, new TypeReference<Map<String, Object>>() { });
            tests.add(vector("resources", "valid " + given, () -> {
                Map<String, Integer> expected = new LinkedHashMap<>(defaults);
                given.forEach((k, x) -> expected.put(k, ((Number) x).intValue()));
                assertThat(ResourceRequirements.of(given).asMap()).containsExactlyInAnyOrderEntriesOf(expected);
            }));
        }
        for (JsonNode v : s.path("invalid")) {
            Map<String, Object> given = JSON.convertValue(v.get(0), new TypeReference<Map<String, Object>>() { });
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("resources", "invalid " + given + " -> " + kind,
                    () -> expectFailure(() -> ResourceRequirements.of(given), kind)));
        }
        return tests;
    }

    /** The "defaults k=v k=v ...;" part of the resources rule. */
    private static Map<String, Integer> defaultsFromRule(String rule) {
        Matcher part = Pattern.compile("defaults ([^;]*)").matcher(rule);
        assertThat(part.find()).as("resources rule lists defaults: %s", rule).isTrue();
        Map<String, Integer> defaults = new LinkedHashMap<>();
        Matcher kv = Pattern.compile("(\\w+)=(\\d+)").matcher(part.group(1));
        while (kv.find()) {
            defaults.put(kv.group(1), Integer.parseInt(kv.group(2)));
        }
        assertThat(defaults).as("defaults in the resources rule").hasSize(ResourceRequirements.Resource.values().length);
        return defaults;
    }

    private static List<DynamicTest> metadataSection(JsonNode s) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : s.path("invalid")) {
            String name = v.get(0).path("name").asText();
            String description = v.get(0).path("description").asText();
            ValidationErrorKind kind = kind(v.get(1));
            tests.add(vector("metadata", "invalid name " + Shown.show(name) + ", description "
                    + Shown.show(description) + " -> " + kind, () -> {
                        ValidationException e = expectFailure(() -> new PluginMetadata(name, "1.0.0", description, null, 1,
                                null, Set.of(), null, List.of()), kind);
                        assertThat(e.getMessage()).doesNotContain("\n", "\r");
                    }));
        }
        return tests;
    }

    // ------------------------------------------------------------------------------------------
    // edge cases and messages of our own

    @Nested
    class Messages {

        @Test
        void theExampleOfTheBriefReadsExactlySo() {
            assertThat(failure(() -> Validation.containerId("-web"), ValidationErrorKind.INVALID_CONTAINER_ID))
                    .hasMessage("container id '-web' must start and end with a letter or digit; rename it, e.g. 'web'");
        }

        @Test
        void badCharactersAreNamedWithTheirIndexAndAFixIsSuggested() {
            assertThat(failure(() -> Validation.containerId("test@container"), ValidationErrorKind.INVALID_CHARACTERS))
                    .hasMessageContaining("'test@container'")
                    .hasMessageContaining("'@' at index 4")
                    .hasMessageContaining("e.g. 'test-container'");
            assertThat(failure(() -> Validation.containerId("test container"), ValidationErrorKind.INVALID_CHARACTERS))
                    .hasMessageContaining("a space at index 4");
        }

        @Test
        void controlCharactersAreEscapedNeverPrintedRaw() {
            ValidationException e = failure(() -> Validation.containerId("we\nb\u0007\u202e"),
                    ValidationErrorKind.INVALID_CHARACTERS);
            assertThat(e.getMessage()).contains("'we\\nb\\u0007\\u202E'").contains("a newline ('\\n') at index 2");
            assertOneLine(e);
        }

        @Test
        void longValuesAreShortenedToAboutFortyCharacters() {
            String id = "a".repeat(100) + "@";
            ValidationException e = failure(() -> Validation.containerId(id), ValidationErrorKind.INVALID_CHARACTERS);
            assertThat(e.getMessage()).contains("'" + "a".repeat(37) + "...'").doesNotContain("a".repeat(38));
            assertOneLine(e);
        }

        @Test
        void shorteningNeverCutsAnEscapeOrASurrogatePair() {
            assertThat(Shown.show("x".repeat(36) + "\n\n\n")).isEqualTo("'" + "x".repeat(36) + "...'");
            assertThat(Shown.show("x".repeat(35) + "\n\n\n")).isEqualTo("'" + "x".repeat(35) + "\\n...'");
            assertThat(Shown.show("x".repeat(35) + "\uD83D\uDE00".repeat(5))).isEqualTo("'" + "x".repeat(35) + "\uD83D\uDE00...'");
            assertThat(Shown.show("x".repeat(36) + "\uD83D\uDE00".repeat(5))).isEqualTo("'" + "x".repeat(36) + "...'");
            assertThat(Shown.show("x".repeat(40))).isEqualTo("'" + "x".repeat(40) + "'");
            assertThat(Shown.show("x".repeat(41))).isEqualTo("'" + "x".repeat(37) + "...'");
            assertThat(Shown.show("C:\\dir")).isEqualTo("'C:\\\\dir'");
        }

        @Test
        void commandArgumentMessagesNameTheIndexAndTheCharacter() {
            ValidationException e = failure(() -> Validation.commandArgs(List.of("ls", "-la", "a;b")),
                    ValidationErrorKind.INVALID_COMMAND);
            assertThat(e.getMessage()).startsWith("command argument at index 2 'a;b' contains a forbidden character, ';' at index 1");
            assertOneLine(e);

            ValidationException nl = failure(() -> Validation.commandArgs(List.of("echo", "a\nb")),
                    ValidationErrorKind.INVALID_COMMAND);
            assertThat(nl.getMessage()).contains("index 1 'a\\nb'").contains("a newline ('\\n')");
            assertOneLine(nl);
        }

        @Test
        void emailMessagesNameTheDomainWhenItIsTheProblem() {
            ValidationException e = failure(() -> Validation.email("dev@a..b"), ValidationErrorKind.INVALID_EMAIL);
            assertThat(e.getMessage()).startsWith("the domain 'a..b' of email 'dev@a..b' has two dots in a row");
        }

        @Test
        void urlMessagesSuggestPercentEncoding() {
            assertThat(failure(() -> Validation.url("https://exa mple.com"), ValidationErrorKind.INVALID_URL))
                    .hasMessageContaining("percent-encode it as '%20'");
            assertThat(failure(() -> Validation.url("https://example.com/ä"), ValidationErrorKind.INVALID_URL))
                    .hasMessageContaining("'%C3%A4'");
        }

        @ParameterizedTest
        @MethodSource("nexcage.api.validation.ValidationVectorsTest#oddInputs")
        void everyRuleGivesOneLineMessages(String input) {
            List<ThrowingCallable> calls = List.of(
                    () -> Validation.containerId(input), () -> Validation.pluginName(input),
                    () -> Validation.hostname(input), () -> Validation.commandArgs(List.of(input + ";")),
                    () -> Validation.memorySize(input), () -> Validation.cpuSpec(input),
                    () -> Validation.pathWithin(Path.of("/tmp/base"), "/etc/" + input),
                    () -> Validation.email(input), () -> Validation.url(input),
                    () -> Validation.versionCompatible(input, "1.0.0"));
            for (ThrowingCallable call : calls) {
                ValidationException e = catchThrowableOfType(call, ValidationException.class);
                assertThat(e).as("exception for input %s", Shown.show(input)).isNotNull();
                assertOneLine(e);
            }
        }
    }

    @Nested
    class NullInput {

        @Test
        void everyMethodTreatsNullAsEmptyInput() {
            List<ThrowingCallable> calls = List.of(
                    () -> Validation.containerId(null), () -> Validation.pluginName(null),
                    () -> Validation.hostname(null), () -> Validation.commandArgs(null),
                    () -> Validation.commandArgs(Arrays.asList("ls", null)),
                    () -> Validation.memorySize(null), () -> Validation.cpuSpec(null),
                    () -> Validation.pathWithin(Path.of("/tmp"), null),
                    () -> Validation.email(null), () -> Validation.url(null),
                    () -> Validation.versionCompatible(null, "1.0.0"), () -> Validation.versionCompatible("1.0.0", null));
            for (ThrowingCallable call : calls) {
                ValidationException e = catchThrowableOfType(call, ValidationException.class);
                assertThat(e).isNotNull();
                assertThat(e.kind()).isEqualTo(ValidationErrorKind.EMPTY_INPUT);
                assertThat(e.getMessage()).contains("missing");
                assertOneLine(e);
            }
        }

        @Test
        void aNullBaseIsAProgrammingError() {
            assertThatThrownBy(() -> Validation.pathWithin(null, "x")).isInstanceOf(NullPointerException.class);
        }
    }

    @Nested
    class Identifiers {

        @Test
        void checksRunInTheOrderOfTheRule() {
            // length before characters, characters before ends
            expect(() -> Validation.containerId("@".repeat(129)), ValidationErrorKind.INPUT_TOO_LONG);
            expect(() -> Validation.containerId("-a b"), ValidationErrorKind.INVALID_CHARACTERS);
            expect(() -> Validation.pluginName("-" + "a".repeat(64)), ValidationErrorKind.INPUT_TOO_LONG);
        }

        @Test
        void onlyAsciiLettersAndDigits() {
            expect(() -> Validation.containerId("café"), ValidationErrorKind.INVALID_CHARACTERS);
            expect(() -> Validation.containerId("web١"), ValidationErrorKind.INVALID_CHARACTERS);
            assertThat(Validation.containerId("A.b_C-9")).isEqualTo("A.b_C-9");
        }

        @Test
        void aSuggestionIsAlwaysAValidName() {
            String msg = failure(() -> Validation.containerId("..."), ValidationErrorKind.INVALID_CONTAINER_ID).getMessage();
            String suggestion = msg.substring(msg.lastIndexOf("e.g. '") + 6, msg.length() - 1);
            assertThat(Validation.containerId(suggestion)).isEqualTo(suggestion);
        }
    }

    @Nested
    class Hostnames {

        @Test
        void lengthLimitsOfNameAndLabel() {
            String label = "a".repeat(63);
            String longest = String.join(".", label, label, label, "a".repeat(61)); // 253 characters
            assertThat(longest).hasSize(253);
            assertThat(Validation.hostname(longest)).isEqualTo(longest);
            expect(() -> Validation.hostname(longest + "."), ValidationErrorKind.INPUT_TOO_LONG);
            assertThat(Validation.hostname(label + ".com")).isEqualTo(label + ".com");
        }

        @Test
        void onlyOneTrailingDotAndNoEmptyName() {
            expect(() -> Validation.hostname("."), ValidationErrorKind.INVALID_HOSTNAME);
            expect(() -> Validation.hostname("example.com.."), ValidationErrorKind.INVALID_HOSTNAME);
            expect(() -> Validation.hostname("a.-b"), ValidationErrorKind.INVALID_HOSTNAME);
            expect(() -> Validation.hostname("a_b"), ValidationErrorKind.INVALID_CHARACTERS);
        }
    }

    @Nested
    class CommandArgs {

        @Test
        void everyForbiddenCharacterIsRejected() {
            for (char c : ";&|`$(){}[]<>\"'\\\n\r\t".toCharArray()) {
                ValidationException e = failure(() -> Validation.commandArgs(List.of("x" + c + "y")),
                        ValidationErrorKind.INVALID_COMMAND);
                assertOneLine(e);
            }
        }

        @Test
        void lengthIsCheckedBeforeCharacters() {
            expect(() -> Validation.commandArgs(List.of(";".repeat(1025))), ValidationErrorKind.INPUT_TOO_LONG);
            assertThat(Validation.commandArgs(List.of("x".repeat(1024)))).hasSize(1);
        }

        @Test
        void returnsAnUnmodifiableSnapshotAndAllowsEmptyArguments() {
            List<String> args = new ArrayList<>(List.of("echo", ""));
            List<String> checked = Validation.commandArgs(args);
            args.set(1, "; rm -rf /");
            assertThat(checked).containsExactly("echo", "");
            assertThatThrownBy(() -> checked.add("x")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class MemorySize {

        @ParameterizedTest
        @ValueSource(strings = {"99999999999999G", "8589934592G", "999999999999999M"})
        void overflowIsRejectedAsTooLongNeverWrapped(String spec) {
            ValidationException e = failure(() -> Validation.memorySize(spec), ValidationErrorKind.INPUT_TOO_LONG);
            assertThat(e.getMessage()).contains("'" + spec + "'");
        }

        @Test
        void theLargestSizesThatFit() {
            assertThat(Validation.memorySize("8589934591G")).isEqualTo(Long.MAX_VALUE - (1L << 30) + 1);
            assertThat(Validation.memorySize("9999999999999999")).isEqualTo(9_999_999_999_999_999L);
            assertThat(Validation.memorySize("0")).isZero();
            assertThat(Validation.memorySize("1k")).isEqualTo(1024);
            assertThat(Validation.memorySize("1m")).isEqualTo(1024 * 1024);
            assertThat(Validation.memorySize("1g")).isEqualTo(1024L * 1024 * 1024);
        }

        @Test
        void moreThanSixteenCharactersIsTooLong() {
            expect(() -> Validation.memorySize("1".repeat(17)), ValidationErrorKind.INPUT_TOO_LONG);
        }

        @ParameterizedTest
        @ValueSource(strings = {"G", "-1", "+1", " 1", "1 ", "1.5G", "1KB", "1T", "١٢", "0x10"})
        void anythingButDigitsAndOneUnitIsInvalid(String spec) {
            expect(() -> Validation.memorySize(spec), ValidationErrorKind.INVALID_CHARACTERS);
        }
    }

    @Nested
    class CpuSpec {

        @ParameterizedTest
        @ValueSource(strings = {"1e2", "Infinity", "+5", " 5", "5 ", "0x10", "50d", "50f", "-0", "5.", ".", "1.2.3",
                "100.000000000001", "nan"})
        void onlyPlainDecimalsFromZeroToHundred(String spec) {
            expect(() -> Validation.cpuSpec(spec), ValidationErrorKind.INVALID_CHARACTERS);
        }

        @Test
        void fractionsAndBounds() {
            assertThat(Validation.cpuSpec(".5")).isEqualTo(0.5);
            assertThat(Validation.cpuSpec("100.0")).isEqualTo(100.0);
            assertThat(Validation.cpuSpec("0.000000000001")).isEqualTo(1e-12);
            expect(() -> Validation.cpuSpec("1".repeat(17)), ValidationErrorKind.INPUT_TOO_LONG);
        }
    }

    @Nested
    class PathWithin {

        private final Path base = Path.of("/tmp/nexcage-plugins");

        @Test
        void relativePathsAreTakenRelativeToTheBase() {
            assertThat(Validation.pathWithin(base, "a/../b.txt")).isEqualTo(base.resolve("b.txt"));
            assertThat(Validation.pathWithin(base, "a/../../nexcage-plugins/c")).isEqualTo(base.resolve("c"));
            expect(() -> Validation.pathWithin(base, "../x"), ValidationErrorKind.PATH_TRAVERSAL);
            expect(() -> Validation.pathWithin(base, "a/../../.."), ValidationErrorKind.PATH_TRAVERSAL);
        }

        @Test
        void theBaseItselfIsInside() {
            assertThat(Validation.pathWithin(base, "/tmp/nexcage-plugins/")).isEqualTo(base);
            assertThat(Validation.pathWithin(base, ".")).isEqualTo(base);
        }

        @Test
        void anUnnormalizedBaseIsNormalizedFirst() {
            Path odd = Path.of("/tmp/x/../nexcage-plugins/.");
            assertThat(Validation.pathWithin(odd, "/tmp/nexcage-plugins/a")).isEqualTo(base.resolve("a"));
        }

        @Test
        void nulCharactersAndOverlongPaths() {
            ValidationException e = failure(() -> Validation.pathWithin(base, "a\u0000b"), ValidationErrorKind.INVALID_CHARACTERS);
            assertThat(e.getMessage()).contains("'a\\0b'");
            assertOneLine(e);
            expect(() -> Validation.pathWithin(base, "a".repeat(4097)), ValidationErrorKind.INPUT_TOO_LONG);
        }
    }

    @Nested
    class EmailAndUrl {

        @Test
        void emailEdges() {
            expect(() -> Validation.email("a@b@c"), ValidationErrorKind.INVALID_EMAIL);
            expect(() -> Validation.email("a".repeat(65) + "@example.com"), ValidationErrorKind.INVALID_EMAIL);
            expect(() -> Validation.email("dev@-example.com"), ValidationErrorKind.INVALID_EMAIL);
            expect(() -> Validation.email("dev@exa_mple.com"), ValidationErrorKind.INVALID_EMAIL);
            expect(() -> Validation.email("a@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "."
                    + "e".repeat(70)), ValidationErrorKind.INPUT_TOO_LONG);
            expect(() -> Validation.email(""), ValidationErrorKind.EMPTY_INPUT);
            assertThat(Validation.email("a".repeat(64) + "@example.com")).startsWith("aaa");
        }

        @Test
        void urlEdges() {
            expect(() -> Validation.url("HTTPS://example.com"), ValidationErrorKind.INVALID_URL);
            expect(() -> Validation.url("https://example.com/\n"), ValidationErrorKind.INVALID_URL);
            expect(() -> Validation.url("https://" + "a".repeat(2041)), ValidationErrorKind.INPUT_TOO_LONG);
            assertThat(Validation.url("https://" + "a".repeat(2040))).hasSize(2048);
            assertThat(Validation.url("https://x/a%20b?c=[1]&d='e'#f")).isNotNull();
        }
    }

    @Nested
    class Versions {

        @ParameterizedTest
        @ValueSource(strings = {"1.0", "1.0.0.0", "1.0.0-beta", "01.0.0", "1.-1.0", "1..0", "v1.0.0", " 1.0.0",
                "1.0.99999999999"})
        void malformedVersionsAreInvalidMetadata(String v) {
            expect(() -> Validation.versionCompatible(v, "1.0.0"), ValidationErrorKind.INVALID_METADATA);
            expect(() -> Validation.versionCompatible("1.0.0", v), ValidationErrorKind.INVALID_METADATA);
        }

        @Test
        void comparesNumbersNotStrings() {
            assertThat(Validation.versionCompatible("1.10.0", "1.9.0")).isTrue();
            assertThat(Validation.versionCompatible("1.9.10", "1.9.9")).isTrue();
            assertThat(Validation.versionCompatible("1.2.0", "1.1.9")).isTrue();
            assertThat(Validation.versionCompatible("1.1.9", "1.2.0")).isFalse();
            assertThat(Validation.versionCompatible("0.3.0", "0.2.0")).isTrue();
        }
    }

    @Test
    void validationIsAFinalClassWithAPrivateConstructor() throws Exception {
        assertThat(Modifier.isFinal(Validation.class.getModifiers())).isTrue();
        Constructor<?>[] constructors = Validation.class.getDeclaredConstructors();
        assertThat(constructors).hasSize(1);
        assertThat(Modifier.isPrivate(constructors[0].getModifiers())).isTrue();
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    static Stream<String> oddInputs() {
        return Stream.of("", "\n", "a\r\nb", "x".repeat(300), "\u202e\u0000");
    }

    private static ValidationException expectFailure(ThrowingCallable call, ValidationErrorKind kind) {
        ValidationException e = catchThrowableOfType(call, ValidationException.class);
        assertThat(e).as("a ValidationException of kind %s", kind).isNotNull();
        assertThat(e.kind()).as("kind; message: %s", e.getMessage()).isEqualTo(kind);
        return e;
    }

    private static ValidationException failure(ThrowingCallable call, ValidationErrorKind kind) {
        ValidationException e = expectFailure(call, kind);
        assertOneLine(e);
        return e;
    }

    private static void expect(ThrowingCallable call, ValidationErrorKind kind) {
        failure(call, kind);
    }

    /** One line, no control characters, one sentence, not overly long. */
    private static void assertOneLine(ValidationException e) {
        String m = e.getMessage();
        assertThat(m).isNotBlank();
        assertThat(m.length()).as("length of: %s", m).isLessThanOrEqualTo(400);
        assertThat(m.chars().filter(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
                .as("control characters in: %s", m).isEmpty();
        assertThat(m).as("one sentence").doesNotContainPattern("[.!?]\\s+[A-Z]");
    }

    /**
     * The message is one line and names the input: printable inputs appear quoted (up to the first
     * 30 characters, as long ones are shortened); an empty input is called empty.
     */
    private static void assertMessageNames(ValidationException e, String input) {
        assertOneLine(e);
        if (input.isEmpty()) {
            assertThat(e.getMessage()).contains("empty");
        } else if (input.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            assertThat(e.getMessage()).contains("'" + input.substring(0, Math.min(30, input.length())));
        }
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("an array of strings: %s", array).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String display(List<String> args) {
        List<String> shown = new ArrayList<>();
        args.forEach(a -> shown.add(Shown.show(a)));
        return shown.toString();
    }
}
