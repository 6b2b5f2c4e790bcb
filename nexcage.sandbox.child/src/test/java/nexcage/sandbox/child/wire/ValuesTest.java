package nexcage.sandbox.child.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValuesTest {

    private static Object roundTrip(Object v) {
        return Values.decode(Values.encode(v));
    }

    @Test
    void scalarsKeepTheirJavaType() {
        for (Object v : List.of(1, 2L, 3.5d, 4.5f, (short) 6, (byte) 7, 'x', true, false, "héllo ✓")) {
            assertThat(roundTrip(v)).isEqualTo(v).hasSameClassAs(v);
        }
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void typedArraysStayTypedAsAConfigurationNeedsThem() {
        assertThat((String[]) roundTrip(new String[] { "a", "b" })).containsExactly("a", "b");
        assertThat((int[]) roundTrip(new int[] { 1, 2 })).containsExactly(1, 2);
        assertThat((Long[]) roundTrip(new Long[] { 1L })).containsExactly(1L);
        assertThat((byte[]) roundTrip(new byte[] { 1, 2, 3 })).containsExactly(1, 2, 3);
    }

    @Test
    void listsAndMapsNestAndMapsKeepTheirOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1, "two", Arrays.asList(null, 3L)));
        m.put("a", Map.of("k", true));
        Object back = roundTrip(m);
        assertThat(back).isEqualTo(m);
        assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) back).keySet())).containsExactly("z", "a");
    }

    @Test
    void taggedValuesCarryTheirTag() {
        assertThat(roundTrip(new Values.Tagged("sink", 5L))).isEqualTo(new Values.Tagged("sink", 5L));
    }

    @Test
    void anObjectItDoesNotKnowIsRefusedNotSerialized() {
        assertThatThrownBy(() -> Values.encode(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object cannot cross");
    }
}
