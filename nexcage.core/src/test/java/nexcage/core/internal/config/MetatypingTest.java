package nexcage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

/** YAML values typed by a plugin's @ObjectClassDefinition: ints stay ints, lists stay lists. */
class MetatypingTest {
    private static final Path FILE = Path.of("/etc/nexcage/config.yaml");
    private static final String PATH = "plugins.hello.config.x";

    /** An attribute definition as Metatype gives it; {@code problem} is what validate answers. */
    private record Ad(String id, int type, int cardinality, String problem) implements AttributeDefinition {
        Ad(int type, int cardinality) {
            this("x", type, cardinality, null);
        }

        @Override
        public String getName() {
            return id;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public int getCardinality() {
            return cardinality;
        }

        @Override
        public int getType() {
            return type;
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        @Override
        public String validate(String value) {
            return problem;
        }

        @Override
        public String[] getDefaultValue() {
            return null;
        }
    }

    private static Node.Scalar s(Object v) {
        return new Node.Scalar(v, false, 7, 15);
    }

    private static Node.ListNode list(Object... values) {
        List<Node> items = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            items.add(new Node.Scalar(values[i], false, 9, 15 + 3 * i));
        }
        return new Node.ListNode(items, 9, 14);
    }

    private static Object convert(Node n, AttributeDefinition ad) throws ConfigException {
        return Metatyping.convert(FILE, PATH, n, ad);
    }

    private static ConfigException error(Node n, AttributeDefinition ad) {
        ConfigException e = catchThrowableOfType(() -> convert(n, ad), ConfigException.class);
        assertThat(e).as("converting " + n + " should fail").isNotNull();
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.reason()).contains(PATH);
        return e;
    }

    @Test
    void aWholeNumberBecomesTheDeclaredIntegerType() throws Exception {
        assertThat(convert(s(3L), new Ad(AttributeDefinition.INTEGER, 0))).isInstanceOf(Integer.class).isEqualTo(3);
        assertThat(convert(s(3L), new Ad(AttributeDefinition.LONG, 0))).isInstanceOf(Long.class).isEqualTo(3L);
        assertThat(convert(s(3L), new Ad(AttributeDefinition.SHORT, 0))).isInstanceOf(Short.class).isEqualTo((short) 3);
        assertThat(convert(s(3L), new Ad(AttributeDefinition.BYTE, 0))).isInstanceOf(Byte.class).isEqualTo((byte) 3);
        assertThat(convert(s(3L), new Ad(AttributeDefinition.DOUBLE, 0))).isInstanceOf(Double.class).isEqualTo(3.0d);
        assertThat(convert(s(1.5d), new Ad(AttributeDefinition.FLOAT, 0))).isInstanceOf(Float.class).isEqualTo(1.5f);
    }

    @Test
    void textIsConvertedWhenItIsAValidValueOfTheType() throws Exception {
        assertThat(convert(s("7"), new Ad(AttributeDefinition.INTEGER, 0))).isEqualTo(7);
        assertThat(convert(s(" 7 "), new Ad(AttributeDefinition.LONG, 0))).isEqualTo(7L);
        assertThat(convert(s("true"), new Ad(AttributeDefinition.BOOLEAN, 0))).isEqualTo(true);
        assertThat(convert(s(false), new Ad(AttributeDefinition.BOOLEAN, 0))).isEqualTo(false);
        assertThat(convert(s("x"), new Ad(AttributeDefinition.CHARACTER, 0))).isEqualTo('x');
        assertThat(convert(s("2.5"), new Ad(AttributeDefinition.DOUBLE, 0))).isEqualTo(2.5d);
    }

    @Test
    void anyScalarBecomesTextForAStringAttribute() throws Exception {
        assertThat(convert(s(8080L), new Ad(AttributeDefinition.STRING, 0))).isEqualTo("8080");
        assertThat(convert(s(true), new Ad(AttributeDefinition.STRING, 0))).isEqualTo("true");
        assertThat(convert(s(null), new Ad(AttributeDefinition.STRING, 0))).isEqualTo("");
        assertThat(convert(s("pw"), new Ad(AttributeDefinition.PASSWORD, 0))).isEqualTo("pw");
    }

    @Test
    void aListBecomesAnArrayOfTheDeclaredType() throws Exception {
        Object names = convert(list("Ada", "Grace"), new Ad(AttributeDefinition.STRING, Integer.MAX_VALUE));
        assertThat(names).isInstanceOf(String[].class);
        assertThat((String[]) names).containsExactly("Ada", "Grace");
        Object ports = convert(list(80L, "443"), new Ad(AttributeDefinition.INTEGER, Integer.MAX_VALUE));
        assertThat(ports).isInstanceOf(Integer[].class);
        assertThat((Integer[]) ports).containsExactly(80, 443);
        // a negative cardinality is a Vector in Metatype; the core delivers arrays for both
        assertThat(convert(list("a"), new Ad(AttributeDefinition.STRING, -5))).isInstanceOf(String[].class);
    }

    @Test
    void aSingleValueForAListAttributeIsAListOfOne() throws Exception {
        Object names = convert(s("Ada"), new Ad(AttributeDefinition.STRING, Integer.MAX_VALUE));
        assertThat((String[]) names).containsExactly("Ada");
        assertThat(convert(list(), new Ad(AttributeDefinition.STRING, Integer.MAX_VALUE))).isEqualTo(new String[0]);
    }

    @Test
    void aValueOfTheWrongTypeIsReportedAtTheValue() {
        ConfigException e = error(s("many"), new Ad(AttributeDefinition.INTEGER, 0));
        assertThat(new int[] {e.line(), e.column()}).containsExactly(7, 15);
        assertThat(e.reason()).contains("whole number");
        assertThat(e.getMessage()).startsWith(FILE + ":7:15: ");

        error(s(1.5d), new Ad(AttributeDefinition.INTEGER, 0));
        error(s(true), new Ad(AttributeDefinition.LONG, 0));
        error(s(3_000_000_000L), new Ad(AttributeDefinition.INTEGER, 0));
        error(s(300L), new Ad(AttributeDefinition.BYTE, 0));
        error(s("maybe"), new Ad(AttributeDefinition.BOOLEAN, 0));
        error(s(1L), new Ad(AttributeDefinition.BOOLEAN, 0));
        error(s("xy"), new Ad(AttributeDefinition.CHARACTER, 0));
        error(s("fast"), new Ad(AttributeDefinition.DOUBLE, 0));
    }

    @Test
    void aBadItemOfAListIsReportedAtTheItem() {
        ConfigException e = error(list(1L, "two", 3L), new Ad(AttributeDefinition.INTEGER, Integer.MAX_VALUE));
        assertThat(new int[] {e.line(), e.column()}).containsExactly(9, 18);
    }

    @Test
    void aListForASingleValueIsRefused() {
        ConfigException e = error(list("a", "b"), new Ad(AttributeDefinition.STRING, 0));
        assertThat(new int[] {e.line(), e.column()}).containsExactly(9, 14);
        assertThat(e.reason()).contains("not a list");
    }

    @Test
    void moreValuesThanTheCardinalityAreRefused() {
        ConfigException e = error(list("a", "b", "c"), new Ad(AttributeDefinition.STRING, 2));
        assertThat(e.reason()).contains("3").contains("2");
        error(list("a", "b", "c"), new Ad(AttributeDefinition.STRING, -2));
    }

    @Test
    void theAttributesOwnValidationIsReportedAtTheValue() {
        ConfigException e = error(s(0L), new Ad("x", AttributeDefinition.INTEGER, 0, "Value 0 is less than the minimum 1"));
        assertThat(new int[] {e.line(), e.column()}).containsExactly(7, 15);
        assertThat(e.reason()).contains("less than the minimum");
    }

    // ---- nothing prints a secret, not even an error

    @Test
    void theErrorForASecretKeyDoesNotShowItsValue() {
        String secret = "s3cr3t-NotANumber";
        ConfigException e = catchThrowableOfType(
                () -> Metatyping.convert(FILE, "plugins.vault.config.api_key", s(secret), new Ad("api_key", AttributeDefinition.INTEGER, 0, null)),
                ConfigException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("plugins.vault.config.api_key").doesNotContain(secret);
    }

    @Test
    void theErrorForAValueFromTheEnvironmentDoesNotShowIt() {
        String secret = "from-env-NotANumber";
        ConfigException e = catchThrowableOfType(() -> convert(new Node.Scalar(secret, true, 7, 15),
                new Ad(AttributeDefinition.INTEGER, 0)), ConfigException.class);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(PATH).doesNotContain(secret);
    }
}
