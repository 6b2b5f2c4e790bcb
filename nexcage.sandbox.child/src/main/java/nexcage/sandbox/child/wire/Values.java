package nexcage.sandbox.child.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary encoding of the values that cross the socket: null, booleans, numbers (their
 * Java type kept, so a typed configuration stays typed), strings, bytes, lists, string-keyed maps,
 * arrays of those, and {@link Tagged} values the {@link Marshal} layer builds API types from. No
 * Java serialization: a value the encoding does not know is refused.
 */
public final class Values {
    private static final int NULL = 0, TRUE = 1, FALSE = 2, INT = 3, LONG = 4, DOUBLE = 5, STRING = 6, BYTES = 7,
            LIST = 8, MAP = 9, FLOAT = 10, ARRAY = 11, TAGGED = 12, SHORT = 13, BYTE = 14, CHAR = 15;

    /** A value with a name saying what it stands for (a record, an enum, a stream handle, ...). */
    public record Tagged(String tag, Object value) {
    }

    private Values() {
    }

    public static byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Object decode(byte[] data) {
        try {
            return read(new DataInputStream(new java.io.ByteArrayInputStream(data)));
        } catch (IOException e) {
            throw new IllegalArgumentException("a frame from the other side of the sandbox could not be read: " + e, e);
        }
    }

    public static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Collection<?> c) {
            out.writeByte(LIST);
            out.writeInt(c.size());
            for (Object o : c) {
                write(out, o);
            }
        } else if (v instanceof Map<?, ?> m) {
            out.writeByte(MAP);
            out.writeInt(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                writeString(out, String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
        } else if (v.getClass().isArray()) {
            writeArray(out, v);
        } else if (v instanceof Tagged t) {
            out.writeByte(TAGGED);
            writeString(out, t.tag());
            write(out, t.value());
        } else {
            throw new IllegalArgumentException("a " + v.getClass().getName() + " cannot cross the sandbox's socket");
        }
    }

    private static void writeArray(DataOutputStream out, Object array) throws IOException {
        out.writeByte(ARRAY);
        writeString(out, ArrayTypes.nameOf(array.getClass().getComponentType()));
        int n = Array.getLength(array);
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            write(out, Array.get(array, i));
        }
    }

    public static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL: return null;
            case TRUE: return Boolean.TRUE;
            case FALSE: return Boolean.FALSE;
            case INT: return in.readInt();
            case LONG: return in.readLong();
            case DOUBLE: return in.readDouble();
            case FLOAT: return in.readFloat();
            case SHORT: return in.readShort();
            case BYTE: return in.readByte();
            case CHAR: return in.readChar();
            case STRING: return readString(in);
            case BYTES: {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return b;
            }
            case LIST: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int n = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = readString(in);
                    map.put(k, read(in));
                }
                return map;
            }
            case ARRAY: {
                Class<?> component = ArrayTypes.byName(readString(in));
                int n = in.readInt();
                Object array = Array.newInstance(component, n);
                for (int i = 0; i < n; i++) {
                    Array.set(array, i, read(in));
                }
                return array;
            }
            case TAGGED: return new Tagged(readString(in), read(in));
            default: throw new IOException("unknown value tag " + tag);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
