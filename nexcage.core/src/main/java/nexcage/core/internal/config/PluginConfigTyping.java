package nexcage.core.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import nexcage.api.PluginHeaders;

/**
 * Turns a {@code plugins.NAME.config} section into the values ConfigAdmin holds: typed by the
 * plugin's Metatype when its bundle has one (errors as {@code FILE:LINE:COLUMN}), else by the YAML
 * value's own kind.
 */
final class PluginConfigTyping {
    private final BundleContext context;
    private final Path file;

    PluginConfigTyping(BundleContext context, Path file) {
        this.context = context;
        this.file = file;
    }

    /** The section's values as ConfigAdmin will hold them, typed by the plugin's Metatype if any. */
    Map<String, Object> typed(ConfigDocument.PluginSection s, MetaTypeService metatype) throws ConfigException {
        Map<String, AttributeDefinition> ads = attributeDefinitions(s.name(), metatype);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : s.config().entrySet()) {
            String path = "plugins." + s.name() + ".config." + e.getKey();
            AttributeDefinition ad = ads.get(e.getKey());
            out.put(e.getKey(), ad == null ? untyped(e.getValue()) : Metatyping.convert(file, path, e.getValue(), ad));
        }
        return out;
    }

    /** Values without Metatype, each as {@link #untyped(Node)} makes it. */
    static Map<String, Object> untyped(Map<String, Node> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, n) -> out.put(k, untyped(n)));
        return out;
    }

    /** Without Metatype: whole numbers as Long, decimals as Double, lists as arrays of their kind. */
    private static Object untyped(Node n) {
        if (n instanceof Node.Scalar s) {
            return s.value() == null ? "" : s.value();
        }
        List<Object> items = new ArrayList<>();
        ((Node.ListNode) n).items().forEach(i -> items.add(((Node.Scalar) i).value()));
        if (items.stream().allMatch(v -> v instanceof Long)) {
            return items.toArray(new Long[0]);
        }
        if (items.stream().allMatch(v -> v instanceof Boolean)) {
            return items.toArray(new Boolean[0]);
        }
        if (items.stream().allMatch(v -> v instanceof Number)) {
            return items.stream().map(v -> ((Number) v).doubleValue()).toArray(Double[]::new);
        }
        return items.stream().map(v -> v == null ? "" : String.valueOf(v)).toArray(String[]::new);
    }

    private Map<String, AttributeDefinition> attributeDefinitions(String plugin, MetaTypeService m) {
        Map<String, AttributeDefinition> out = new LinkedHashMap<>();
        Bundle b = context.getBundle(PluginHeaders.LOCATION_PREFIX + plugin);
        if (m == null || b == null) {
            return out;
        }
        MetaTypeInformation info = m.getMetaTypeInformation(b);
        if (info == null) {
            return out;
        }
        ObjectClassDefinition ocd;
        try {
            ocd = info.getObjectClassDefinition(PluginHeaders.configPid(plugin), null);
        } catch (IllegalArgumentException noSuchPid) {
            return out;
        }
        AttributeDefinition[] all = ocd == null ? null : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        if (all != null) {
            for (AttributeDefinition ad : all) {
                out.put(ad.getID(), ad);
            }
        }
        return out;
    }
}
