package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.metatype.AttributeDefinition;

/** Converts a YAML value to the type a plugin's Metatype declares, or says at which line it cannot. */
final class Metatyping {
    private Metatyping() {
    }

    static Object convert(Path file, String path, Node n, AttributeDefinition ad) throws ConfigException {
        int card = ad.getCardinality();
        if (card == 0) {
            if (!(n instanceof Node.Scalar s)) {
                throw new ConfigException(file, n.line(), n.column(), path + " must be a single " + typeName(ad.getType()) + ", not a list");
            }
            Object v = scalar(file, path, s, ad);
            check(file, path, n, ad, v);
            return v;
        }
        List<Node> items = n instanceof Node.ListNode l ? l.items() : List.of(n);
        if (Math.abs(card) < Integer.MAX_VALUE && items.size() > Math.abs(card)) {
            throw new ConfigException(file, n.line(), n.column(), path + " holds " + items.size() + " values; at most " + Math.abs(card) + " are allowed");
        }
        List<Object> values = new ArrayList<>();
        for (Node item : items) {
            Object v = scalar(file, path, (Node.Scalar) item, ad);
            check(file, path, item, ad, v);
            values.add(v);
        }
        Object array = java.lang.reflect.Array.newInstance(javaType(ad.getType()), values.size());
        for (int i = 0; i < values.size(); i++) {
            java.lang.reflect.Array.set(array, i, values.get(i));
        }
        return array;
    }

    private static void check(Path file, String path, Node n, AttributeDefinition ad, Object v) throws ConfigException {
        String problem = ad.validate(String.valueOf(v));
        if (problem != null && !problem.isEmpty()) {
            throw new ConfigException(file, n.line(), n.column(), path + ": " + problem);
        }
    }

    private static Object scalar(Path file, String path, Node.Scalar s, AttributeDefinition ad) throws ConfigException {
        Object v = s.value();
        String text = v == null ? "" : String.valueOf(v);
        try {
            switch (ad.getType()) {
                case AttributeDefinition.STRING:
                case AttributeDefinition.PASSWORD:
                    return text;
                case AttributeDefinition.INTEGER:
                    return v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? Integer.valueOf(l.intValue())
                            : Integer.valueOf(text.trim());
                case AttributeDefinition.LONG:
                    return v instanceof Long l ? l : Long.valueOf(text.trim());
                case AttributeDefinition.SHORT:
                    return Short.valueOf(text.trim());
                case AttributeDefinition.BYTE:
                    return Byte.valueOf(text.trim());
                case AttributeDefinition.DOUBLE:
                    return v instanceof Number num ? num.doubleValue() : Double.valueOf(text.trim());
                case AttributeDefinition.FLOAT:
                    return v instanceof Number num ? num.floatValue() : Float.valueOf(text.trim());
                case AttributeDefinition.BOOLEAN:
                    if (v instanceof Boolean b) {
                        return b;
                    }
                    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                        return Boolean.valueOf(text);
                    }
                    throw new NumberFormatException();
                case AttributeDefinition.CHARACTER:
                    if (text.length() == 1) {
                        return text.charAt(0);
                    }
                    throw new NumberFormatException();
                default:
                    return text;
            }
        } catch (NumberFormatException e) {
            String key = path.substring(path.lastIndexOf('.') + 1);
            String shown = s.fromEnv() || Secrets.isSecretKey(key) ? "a value that is not shown"
                    : v instanceof String ? "'" + text + "'" : text;
            throw new ConfigException(file, s.line(), s.column(), path + " is " + shown
                    + ", which is not a " + typeName(ad.getType()) + " as the plugin expects; write e.g. " + example(ad.getType()));
        }
    }

    private static Class<?> javaType(int type) {
        switch (type) {
            case AttributeDefinition.INTEGER:
                return Integer.class;
            case AttributeDefinition.LONG:
                return Long.class;
            case AttributeDefinition.SHORT:
                return Short.class;
            case AttributeDefinition.BYTE:
                return Byte.class;
            case AttributeDefinition.DOUBLE:
                return Double.class;
            case AttributeDefinition.FLOAT:
                return Float.class;
            case AttributeDefinition.BOOLEAN:
                return Boolean.class;
            case AttributeDefinition.CHARACTER:
                return Character.class;
            default:
                return String.class;
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case AttributeDefinition.INTEGER:
            case AttributeDefinition.LONG:
            case AttributeDefinition.SHORT:
            case AttributeDefinition.BYTE:
                return "whole number";
            case AttributeDefinition.DOUBLE:
            case AttributeDefinition.FLOAT:
                return "number";
            case AttributeDefinition.BOOLEAN:
                return "true/false value";
            case AttributeDefinition.CHARACTER:
                return "single character";
            default:
                return "text";
        }
    }

    private static String example(int type) {
        switch (type) {
            case AttributeDefinition.BOOLEAN:
                return "true";
            case AttributeDefinition.DOUBLE:
            case AttributeDefinition.FLOAT:
                return "1.5";
            case AttributeDefinition.CHARACTER:
                return "x";
            default:
                return "8080";
        }
    }
}
