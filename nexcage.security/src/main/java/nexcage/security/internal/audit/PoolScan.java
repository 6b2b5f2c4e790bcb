package nexcage.security.internal.audit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads only a class's constant pool: every method a class calls or takes a handle of, and every
 * type it names, is there. Most classes of a plugin name nothing of the table and need no parse by
 * bnd; that keeps the audit of a large plugin (thousands of embedded classes) fast. The pool is
 * walked in place and only the names of the methods referred to are decoded, lazily: decoding
 * every string of every class was most of the audit's time.
 */
final class PoolScan {

    /** A rule the pool names: a method ({@code name} set) or a type-wide owner ({@code name} null). */
    record Hit(AuditRule rule, String owner, String name) {
        String describe() {
            return name == null ? rule.describeReference(owner) : rule.describeHandle(owner, name);
        }
    }

    private static final int UTF8 = 1, CLASS = 7, METHODREF = 10, INTERFACE_METHODREF = 11, NAME_AND_TYPE = 12;

    private final byte[] bytes;
    private final int[] offsets;
    private final byte[] tags;
    private final String[] strings;

    private PoolScan(byte[] bytes, int count) {
        this.bytes = bytes;
        this.offsets = new int[count];
        this.tags = new byte[count];
        this.strings = new String[count];
    }

    /** The rules the class file in {@code bytes} names; empty for most classes. */
    static List<Hit> scan(byte[] bytes, RuleTable rules) throws IOException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != 0xCAFEBABE) {
                throw new IOException("no class file magic number");
            }
            in.position(8); // after the minor and major version
            PoolScan pool = new PoolScan(bytes, Short.toUnsignedInt(in.getShort()));
            pool.index(in);
            return pool.hits(rules);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IOException("the class file ends inside its constant pool", e);
        }
    }

    /** Records where each entry starts (the byte after its tag), per JVMS 4.4. */
    private void index(ByteBuffer in) throws IOException {
        for (int i = 1; i < offsets.length; i++) {
            int tag = Byte.toUnsignedInt(in.get());
            tags[i] = (byte) tag;
            offsets[i] = in.position();
            int skip = switch (tag) {
                case UTF8 -> 2 + Short.toUnsignedInt(in.getShort(in.position()));
                case 3, 4, 9, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, 17, 18 -> 4; // int, float, refs, dynamic
                case 5, 6 -> 8; // long, double: two slots
                case CLASS, 8, 16, 19, 20 -> 2; // class, string, method type, module, package
                case 15 -> 3; // method handle
                default -> throw new IOException("unknown constant pool tag " + tag);
            };
            in.position(in.position() + skip);
            if (tag == 5 || tag == 6) {
                i++;
            }
        }
    }

    private List<Hit> hits(RuleTable rules) throws IOException {
        List<Hit> hits = null;
        for (int i = 1; i < offsets.length; i++) {
            if (tags[i] != METHODREF && tags[i] != INTERFACE_METHODREF) {
                continue;
            }
            String owner = utf8(u2(offsets[u2(offsets[i])]));
            int nameAndType = offsets[u2(offsets[i] + 2)];
            if (!rules.mayMatchOwner(owner) && !rules.mayMatchAnyOwnerMethod(utf8(u2(nameAndType)))) {
                continue;
            }
            String name = utf8(u2(nameAndType));
            for (AuditRule r : rules.call(owner, name, utf8(u2(nameAndType + 2)))) {
                hits = add(hits, new Hit(r, owner, name));
            }
        }
        // a type's name only ever appears in the pool's strings, so the whole file is searched, once
        // for the simple name the spellings share, and for each spelling only when that is there
        for (Map.Entry<byte[], Map<String, String>> group : rules.typeWideSpellingsBySimpleName().entrySet()) {
            if (!contains(bytes, group.getKey())) {
                continue;
            }
            for (Map.Entry<String, String> spelling : group.getValue().entrySet()) {
                if (contains(bytes, spelling.getKey().getBytes(StandardCharsets.US_ASCII))) {
                    for (AuditRule r : rules.reference(spelling.getValue())) {
                        hits = add(hits, new Hit(r, spelling.getValue(), null));
                    }
                }
            }
        }
        return hits == null ? List.of() : hits;
    }

    private int u2(int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    private String utf8(int index) throws IOException {
        String s = strings[index];
        if (s == null) {
            if (tags[index] != UTF8) {
                throw new IOException("constant " + index + " is not a string");
            }
            int at = offsets[index];
            int length = u2(at);
            boolean ascii = true;
            for (int k = at + 2; k < at + 2 + length && ascii; k++) {
                ascii = bytes[k] > 0;
            }
            s = ascii ? new String(bytes, at + 2, length, StandardCharsets.ISO_8859_1)
                    : new DataInputStream(new ByteArrayInputStream(bytes, at, length + 2)).readUTF();
            strings[index] = s;
        }
        return s;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<Hit> add(List<Hit> hits, Hit hit) {
        List<Hit> h = hits == null ? new ArrayList<>() : hits;
        if (!h.contains(hit)) {
            h.add(hit);
        }
        return h;
    }
}
