package nexcage.security.internal.audit;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import aQute.bnd.classfile.ConstantPool;
import aQute.bnd.classfile.ConstantPool.AbstractRefInfo;
import aQute.bnd.classfile.ConstantPool.NameAndTypeInfo;

/**
 * Reads only a class's constant pool: every method a class calls or takes a handle of, and every
 * type it names, is there. Most classes of a plugin name nothing of the table, and need no further
 * parse; that keeps the audit of a large plugin (thousands of embedded classes) fast.
 */
final class PoolScan {

    /** A rule the pool names: a method ({@code name} set) or a type-wide owner ({@code name} null). */
    record Hit(AuditRule rule, String owner, String name) {
        String describe() {
            return name == null ? rule.describeReference(owner) : rule.describeHandle(owner, name);
        }
    }

    private PoolScan() {
    }

    /** The rules the class file in {@code bytes} names; empty for most classes. */
    static List<Hit> scan(byte[] bytes, RuleTable rules) throws IOException {
        DataInput in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("no class file magic number");
        }
        in.skipBytes(4); // minor and major version
        ConstantPool pool = ConstantPool.read(in);
        List<Hit> hits = null;
        for (int i = 1; i < pool.size(); i++) {
            int tag = pool.tag(i);
            if (tag == ConstantPool.CONSTANT_Methodref || tag == ConstantPool.CONSTANT_InterfaceMethodref) {
                AbstractRefInfo ref = pool.entry(i);
                String owner = pool.className(ref.class_index);
                NameAndTypeInfo nt = pool.entry(ref.name_and_type_index);
                String name = pool.utf8(nt.name_index);
                for (AuditRule r : rules.call(owner, name, pool.utf8(nt.descriptor_index))) {
                    hits = add(hits, new Hit(r, owner, name));
                }
            } else if (tag == ConstantPool.CONSTANT_Utf8) {
                String text = pool.utf8(i);
                for (Map.Entry<String, String> spelling : rules.typeWideSpellings().entrySet()) {
                    if (text.contains(spelling.getKey())) {
                        for (AuditRule r : rules.reference(spelling.getValue())) {
                            hits = add(hits, new Hit(r, spelling.getValue(), null));
                        }
                    }
                }
            }
        }
        return hits == null ? List.of() : hits;
    }

    private static List<Hit> add(List<Hit> hits, Hit hit) {
        List<Hit> h = hits == null ? new ArrayList<>() : hits;
        if (!h.contains(hit)) {
            h.add(hit);
        }
        return h;
    }
}
