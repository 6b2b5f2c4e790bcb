package nexcage.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.docs.GuideBlocks.Block;

/**
 * Every {@code java} block of docs/PLUGIN-GUIDE.md that is a compilation unit of its own compiles
 * against what a plugin project has on its class path (the API, the OSGi annotations, JUnit,
 * AssertJ and the author's test kit: this module's test class path), all in one compilation, as one project would. Blocks
 * marked {@code file:} or {@code excerpt:} are the examples' own sources, which the reactor
 * compiles ({@link GuideMarksTest} checks they are word for word there).
 */
class GuideJavaBlocksTest {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile(
            "^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)", Pattern.MULTILINE);

    @TempDir
    Path classes;

    /** A block as a source file named as javac wants it: PACKAGE/TYPE.java (or package-info.java). */
    private static final class BlockSource extends SimpleJavaFileObject {
        final Block block;

        BlockSource(Block block, String path) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.block = block;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return block.text();
        }
    }

    static List<Block> compiledBlocks() {
        return GuideBlocks.read(GuideBlocks.guide()).stream().filter(b -> b.language().equals("java"))
                .filter(b -> !b.marked("file") && !b.marked("excerpt") && !b.marked("pending")).toList();
    }

    private static String path(Block b) {
        Matcher pkg = PACKAGE.matcher(b.text());
        assertThat(pkg.find()).as("%s: a java block that is not a file or an excerpt is a whole compilation unit, so it starts"
                + " with its package", b.where()).isTrue();
        Matcher type = TYPE.matcher(b.text());
        String name = type.find() ? type.group(1) : "package-info";
        return pkg.group(1).replace('.', '/') + "/" + name + ".java";
    }

    @Test
    void everyWholeJavaBlockCompilesAgainstTheApi() throws IOException {
        List<Block> blocks = compiledBlocks();
        assertThat(blocks).as("the guide's compiled java blocks").hasSizeGreaterThan(10);
        List<BlockSource> sources = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Block b : blocks) {
            String path = path(b);
            assertThat(paths).as("%s declares %s, which another block declares too: give each its own package or name", b.where(), path)
                    .doesNotContain(path);
            paths.add(path);
            sources.add(new BlockSource(b, path));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
                "-proc:none", "--release", "17", "-Xlint:all", "-Xlint:-processing", "-Xlint:-serial");
        boolean ok = javac.getTask(null, null, diagnostics, options, null, sources).call();
        List<String> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.NOTE) {
                continue;
            }
            String where = d.getSource() instanceof BlockSource s
                    ? s.block.where().replaceFirst(":\\d+$", ":" + (s.block.line() + d.getLineNumber())) : "?";
            problems.add(where + ": " + d.getKind().toString().toLowerCase(Locale.ROOT) + ": " + d.getMessage(Locale.ROOT));
        }
        assertThat(problems).as("javac on the guide's java blocks (warnings count too: a guide shows clean code)").isEmpty();
        assertThat(ok).isTrue();
    }
}
