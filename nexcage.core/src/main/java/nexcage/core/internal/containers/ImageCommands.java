package nexcage.core.internal.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.api.backend.ImageInfo;
import nexcage.core.internal.command.CommandGroup;
import nexcage.core.internal.command.CommandIO;
import nexcage.core.internal.command.CommandRow;
import nexcage.core.internal.command.CommandRow.Section;
import nexcage.core.internal.command.TextTable;
import nexcage.core.internal.config.ConfigService;
import nexcage.core.internal.daemon.Daemon;
import nexcage.core.internal.security.SecurityGate;

/**
 * {@code nexcage image import|list|remove} (DESIGN §8): the words are checked as the container
 * commands' are (a bad NAME or a FILE that is not there: exit 2, before a backend is asked), an
 * import or a removal is put to the security extensions as {@code image.import} or
 * {@code image.remove} on the image's name, and {@link ImageOperations} does the rest. FILE is
 * read by the daemon: a relative one is the caller's, and {@code -} (stdin) has been spooled to a
 * file by the {@code nexcage} client, as the control socket carries no stdin.
 */
@Component(service = CommandGroup.class)
public class ImageCommands implements CommandGroup {

    static final List<CommandRow> COMMAND_ROWS = List.of(
            row("image import", ContainerSyntax.IMAGE_IMPORT, "import a root file system tarball or an OCI layout as an image"),
            row("image list", ContainerSyntax.IMAGE_LIST, "the images of the backends that keep images"),
            row("image remove", ContainerSyntax.IMAGE_REMOVE, "remove an image; one in use only with -f"));

    private static final String USAGE = "usage: nexcage image import|list|remove ..., e.g. nexcage image import busybox:1 rootfs.tar";
    private static final int REFUSED = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static CommandRow row(String words, ContainerArgs.Syntax syntax, String summary) {
        return CommandRow.of(Section.CONTAINERS, words, syntax.usage().substring("nexcage ".length()), summary);
    }

    private final ImageOperations images;
    private final SecurityGate gate;

    @Activate
    public ImageCommands(@Reference BackendRegistry backends, @Reference ConfigService config, @Reference Daemon daemon,
            @Reference PluginAccounting accounting, @Reference SecurityGate gate) {
        this(new ImageOperations(backends, config::runtime, daemon.log(), accounting), gate);
    }

    ImageCommands(ImageOperations images, SecurityGate gate) {
        this.images = images;
        this.gate = gate;
    }

    @Override
    public List<CommandRow> rows() {
        return COMMAND_ROWS;
    }

    @Override
    public int run(String command, List<String> args, CommandIO io) {
        String sub = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            switch (sub) {
                case "import":
                    return importImage(rest, io);
                case "list":
                    return list(rest, io);
                case "remove":
                    return remove(rest, io);
                case "-h":
                case "--help":
                    io.out().println(USAGE);
                    return 0;
                default:
                    throw new ContainerCommands.Usage(sub.isEmpty() ? USAGE : "'" + sub + "' is not an image command; " + USAGE);
            }
        } catch (ContainerArgs.HelpAsked help) {
            io.out().println(help.getMessage());
            return 0;
        } catch (ContainerCommands.Usage e) {
            io.err().println("nexcage image" + (sub.isEmpty() ? "" : " " + sub) + ": " + e.getMessage());
            return 2;
        } catch (ContainerFailure e) {
            io.err().println("nexcage image " + sub + ": " + e.getMessage());
            return e.status();
        }
    }

    private int importImage(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.IMAGE_IMPORT, args).expectWords(2, 2);
        String name = ImageNames.check(p.words.get(0));
        Path source = source(p.words.get(1), io.cwd());
        secured(io, "import", name);
        ImageInfo imported = images.importImage(p.value(null, "--backend"), name, source);
        io.out().println(imported == null || imported.id() == null ? name : imported.id());
        return 0;
    }

    /** FILE as the daemon reads it: the caller's, there, and a directory only if it is an OCI image layout. */
    static Path source(String file, Path cwd) {
        if (file.equals("-")) {
            throw new ContainerCommands.Usage("- (stdin) is read by the nexcage client, which passes a file; this caller"
                    + " has none to give, so name the tarball's file instead");
        }
        Path p = cwd == null ? Path.of(file) : cwd.resolve(file);
        if (!Files.exists(p)) {
            throw new ContainerCommands.Usage("there is no file " + p + "; give a root file system tarball (as docker export"
                    + " writes), an OCI image layout directory, or - to read the tarball from stdin");
        }
        if (Files.isDirectory(p) && !Files.isRegularFile(p.resolve("oci-layout"))) {
            throw new ContainerCommands.Usage(p + " is a directory but not an OCI image layout (it has no oci-layout file);"
                    + " give the layout's directory or a tarball");
        }
        return p;
    }

    private int list(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.IMAGE_LIST, args).expectWords(0, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ImageInfo i : images.list(p.value(null, "--backend"))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("id", i.id());
            m.put("size", i.sizeBytes() < 0 ? null : i.sizeBytes());
            m.put("created", i.created() == null ? null
                    : DateTimeFormatter.ISO_INSTANT.format(i.created().truncatedTo(ChronoUnit.SECONDS)));
            m.put("backend", i.backend());
            rows.add(m);
        }
        if (p.flag("--json")) {
            try {
                io.out().println(JSON.writeValueAsString(rows));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        }
        TextTable t = new TextTable("NAME", "ID", "SIZE", "CREATED", "BACKEND");
        rows.forEach(r -> t.row(r.get("name"), ContainerCommands.shortImage(r.get("id")), size((Long) r.get("size")),
                r.get("created") == null ? "-" : r.get("created"), r.get("backend")));
        t.print(io.out());
        return 0;
    }

    private int remove(List<String> args, CommandIO io) throws ContainerFailure {
        ContainerArgs p = ContainerArgs.parse(ContainerSyntax.IMAGE_REMOVE, args).expectWords(1, 1);
        String name = ImageNames.check(p.words.get(0));
        secured(io, "remove", name);
        images.remove(p.value(null, "--backend"), name, p.flag("-f", "--force"));
        io.out().println(name);
        return 0;
    }

    /** Puts a change of images to the security extensions, as container operations are. */
    private void secured(CommandIO io, String operation, String name) throws ContainerFailure {
        if (gate.active()) {
            try {
                gate.check(io.caller(), "image." + operation, name);
            } catch (SecurityGate.Refused r) {
                throw new ContainerFailure(REFUSED, name + ": " + r.getMessage());
            }
        }
    }

    /** A size as docker images shows it: three digits and a decimal unit (4.26MB). */
    static String size(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        double v = bytes;
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        int u = 0;
        while (v >= 999.5 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        if (u == 0) {
            return bytes + "B";
        }
        String digits = String.format(Locale.ROOT, "%.3g", v);
        return (digits.contains(".") ? digits.replaceFirst("\\.?0+$", "") : digits) + units[u];
    }
}
