package nexcage.sandbox.child.wire;

import java.util.Map;

/** The element types an array may have on the wire: those a typed configuration or service property uses. */
final class ArrayTypes {
    private static final Map<String, Class<?>> BY_NAME = Map.ofEntries(
            Map.entry("String", String.class), Map.entry("Integer", Integer.class), Map.entry("Long", Long.class),
            Map.entry("Double", Double.class), Map.entry("Float", Float.class), Map.entry("Boolean", Boolean.class),
            Map.entry("Short", Short.class), Map.entry("Byte", Byte.class), Map.entry("Character", Character.class),
            Map.entry("int", int.class), Map.entry("long", long.class), Map.entry("double", double.class),
            Map.entry("float", float.class), Map.entry("boolean", boolean.class), Map.entry("short", short.class),
            Map.entry("char", char.class), Map.entry("Object", Object.class));

    private ArrayTypes() {
    }

    static String nameOf(Class<?> component) {
        String name = component.getSimpleName();
        if (component.isPrimitive() || BY_NAME.get(name) == component) {
            return name;
        }
        // any other reference type travels as Object[]: its elements are encoded one by one
        return "Object";
    }

    static Class<?> byName(String name) {
        Class<?> c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("arrays of " + name + " cannot cross the sandbox's socket");
        }
        return c;
    }
}
