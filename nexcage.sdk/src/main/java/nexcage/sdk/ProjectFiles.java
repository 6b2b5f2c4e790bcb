package nexcage.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files of a new plugin project, by path relative to its folder, made from the templates in
 * {@code nexcage/sdk/templates} (common ones, and the type's class with its two tests). Writes
 * nothing itself. Placeholders are {@code {{key}}}, so that Maven's {@code ${...}} stay as they are.
 */
public final class ProjectFiles {
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
            "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
            "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super", "switch",
            "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null",
            "var", "record", "yield", "sealed", "permits");

    private ProjectFiles() {
    }

    public static Map<String, String> of(String name, PluginType type, SdkSettings sdk) {
        String pkg = packageName(name);
        String packagePath = pkg.replace('.', '/');
        String className = camel(name) + type.classSuffix();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", name);
        values.put("type", type.description());
        values.put("description", "The " + name + " " + type.description() + ", a NexCage plugin");
        values.put("nexcageVersion", sdk.nexcageVersion());
        values.put("repositoryUrl", sdk.repositoryUrl());
        values.put("runtimeRange", sdk.runtimeRange());
        values.put("package", pkg);
        values.put("packagePath", packagePath);
        values.put("className", className);
        values.put("lifecycleName", camel(name) + "Lifecycle");
        values.put("tryIt", type.tryIt(name));

        String main = "src/main/java/" + packagePath + "/";
        String test = "src/test/java/" + packagePath + "/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", render("common/pom.xml", values));
        files.put(".gitignore", render("common/gitignore", values));
        files.put("README.md", render("common/README.md", values));
        files.put(main + "package-info.java", render("common/package-info.java", values));
        files.put(main + values.get("lifecycleName") + ".java", render("common/Lifecycle.java", values));
        files.put(main + className + ".java", render(type.id() + "/Main.java", values));
        files.put(test + className + "Test.java", render(type.id() + "/MainTest.java", values));
        files.put(test + className + "FrameworkTest.java", render(type.id() + "/FrameworkTest.java", values));
        return files;
    }

    /** {@code org.example.} and the name without its dashes (a Java keyword gets {@code plugin} added). */
    static String packageName(String name) {
        String segment = name.replace("-", "");
        return "org.example." + (JAVA_KEYWORDS.contains(segment) ? segment + "plugin" : segment);
    }

    /** {@code my-plugin} → {@code MyPlugin}. */
    static String camel(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    static String render(String template, Map<String, String> values) {
        String text = read("templates/" + template);
        for (Map.Entry<String, String> e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        int left = text.indexOf("{{");
        if (left >= 0) {
            throw new IllegalStateException("template " + template + " has a placeholder without a value at " + left);
        }
        return text;
    }

    private static String read(String resource) {
        try (InputStream in = ProjectFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the template " + resource + " is missing from the SDK's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
