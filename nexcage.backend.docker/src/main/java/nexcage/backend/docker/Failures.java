package nexcage.backend.docker;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.exception.DockerException;

import nexcage.api.backend.BackendException;
import nexcage.api.backend.BackendException.Reason;

/**
 * Turns what the engine answered into a {@link BackendException} with one sentence naming the
 * container or image, the reason and the fix. Mapped by the engine's message first and its HTTP
 * status second, never by exception class alone: Podman answers 500 where Docker answers 409.
 */
final class Failures {

    /** What was being done, for the wording and for status-only fallbacks. */
    enum Op {
        CREATE("create"), START("start"), STOP("stop"), KILL("signal"), DELETE("delete"), LIST("list containers"),
        INFO("inspect"), EXEC("exec in"), LOGS("read the logs of"), ATTACH("attach to"), WAIT("wait for"),
        EVENTS("follow events"), IMAGE_IMPORT("import the image"), IMAGES("list images"), IMAGE_REMOVE("remove the image");

        final String verb;

        Op(String verb) {
            this.verb = verb;
        }
    }

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d+:\\s*");

    private Failures() {
    }

    /** The engine's own message of a failed call, without docker-java's wrapping. */
    static String engineMessage(DockerException e) {
        String raw = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = MESSAGE.matcher(raw);
        String msg = m.find() ? unescape(m.group(1)) : STATUS_PREFIX.matcher(raw.strip()).replaceFirst("");
        return msg.strip();
    }

    /**
     * Maps a failed call. {@code id} is the container (may be null), {@code image} the image
     * (create only, may be null).
     */
    static BackendException map(Op op, String id, String image, DockerException e) {
        int status = e.getHttpStatus();
        String msg = engineMessage(e);
        String m = msg.toLowerCase(Locale.ROOT);
        String c = id == null ? "the container" : "container " + id;

        if (m.contains("no such image") || m.contains("image not known")
                || (status == 404 && op == Op.CREATE && !m.contains("container"))) {
            return new BackendException(Reason.NO_SUCH_IMAGE, "image " + (image == null ? "?" : image)
                    + " is not on this engine; docker pull it or docker import one", e);
        }
        if (op == Op.CREATE && (m.contains("invalid reference format") || m.contains("repository name must be lowercase"))) {
            int at = m.indexOf("invalid reference format");
            String why = at < 0 ? "repository name must be lowercase"
                    : msg.substring(at + "invalid reference format".length()).replaceFirst("^:\\s*", "");
            return new BackendException(Reason.OTHER, "image " + image + " is not a reference the engine takes"
                    + (why.isEmpty() ? "" : " (" + shorten(why) + ")") + "; write it as name[:tag] in lowercase, e.g. busybox:latest", e);
        }
        if (op == Op.CREATE && (m.contains("no command specified") || m.contains("no command or entrypoint"))) {
            return new BackendException(Reason.OTHER, "image " + image + " has no command of its own; give one after the image,"
                    + " e.g. nexcage run --name " + id + " " + image + " sh", e);
        }
        if (m.contains("no such container") || m.contains("no container with name or id")
                || (status == 404 && op != Op.CREATE && !m.contains("exec"))) {
            return new BackendException(Reason.NO_SUCH_CONTAINER, "there is no container " + id
                    + " on this engine; nexcage list --all shows the containers there", e);
        }
        if (m.contains("already in use") || m.contains("is in use") || (status == 409 && op == Op.CREATE)) {
            return new BackendException(Reason.NAME_IN_USE, "the name " + id
                    + " is already in use by another container; delete that one (nexcage delete " + id + ") or choose another name", e);
        }
        if (op == Op.DELETE && (m.contains("running") || m.contains("paused") || status == 409)) {
            return new BackendException(Reason.CONTAINER_RUNNING, c
                    + " is running; stop it first, or use -f to delete it anyway", e);
        }
        if (m.contains("is paused")) {
            return new BackendException(Reason.OTHER, c + " is paused; unpause it (docker unpause " + id + ") and try again", e);
        }
        if ((op == Op.KILL || op == Op.EXEC || op == Op.STOP || op == Op.ATTACH)
                && (m.contains("not running") || m.contains("can only") || m.contains("state improper") || status == 409)) {
            return notRunning(op, id, e);
        }
        if (op == Op.KILL && status == 400 && m.contains("signal")) {
            return new BackendException(Reason.OTHER, "the engine does not know that signal (" + msg
                    + "); use a name such as TERM, KILL, HUP, INT or a number", e);
        }
        BackendException command = commandFailure(op, c, m, msg, e);
        if (command != null) {
            return command;
        }
        String subject = id == null ? "" : " " + id;
        if (op == Op.CREATE && id != null) {
            subject = " " + id + " from " + image;
        }
        return new BackendException(Reason.OTHER, "the Docker engine could not " + op.verb + subject + ": " + shorten(msg) + " (HTTP " + status + ")", e);
    }

    /**
     * A command the engine could not start, as {@code docker run} tells them apart: not in the
     * image (its 127) or there but not runnable (its 126); null for any other failure.
     */
    private static BackendException commandFailure(Op op, String c, String m, String msg, DockerException e) {
        boolean starting = op == Op.START || op == Op.ATTACH;
        if ((starting || op == Op.EXEC)
                && (m.contains("executable file not found") || m.contains("no such file or directory"))) {
            return new BackendException(Reason.COMMAND_NOT_FOUND, c + " could not run its command: it is not in the image ("
                    + shorten(msg) + "); check the command and the image", e);
        }
        if (starting && m.contains("is a directory")) {
            return new BackendException(Reason.COMMAND_NOT_INVOKABLE, c + " could not run its command: it is a directory ("
                    + shorten(msg) + "); give the program to run, e.g. /bin/sh", e);
        }
        if (starting && m.contains("permission denied")) {
            return new BackendException(Reason.COMMAND_NOT_INVOKABLE, c + " could not run its command: permission denied ("
                    + shorten(msg) + "); check the command and the image", e);
        }
        return null;
    }

    static BackendException notRunning(Op op, String id, Throwable cause) {
        String what = switch (op) {
            case STOP -> "container " + id + " is not running, so there is nothing to stop";
            case KILL -> "container " + id + " is not running, so there is nothing to signal; start it first";
            case EXEC -> "container " + id + " is not running; start it (nexcage start " + id + ") before exec";
            default -> "container " + id + " is not running; start it first";
        };
        return new BackendException(Reason.NOT_RUNNING, what, cause);
    }

    static BackendException interrupted(Op op, String id) {
        Thread.currentThread().interrupt();
        return new BackendException(Reason.OTHER, "interrupted while waiting to " + op.verb + (id == null ? "" : " " + id));
    }

    static BackendException unexpected(Op op, String id, Throwable t) {
        return new BackendException(Reason.OTHER, "the Docker backend could not " + op.verb + (id == null ? "" : " " + id)
                + ": " + rootMessage(t), t);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (type.isInstance(x)) {
                return type.cast(x);
            }
        }
        return null;
    }

    static String chainText(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            b.append(x.getClass().getSimpleName()).append(": ").append(x.getMessage()).append(" | ");
        }
        return b.toString();
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    private static String shorten(String s) {
        String one = s.replace('\n', ' ').strip();
        return one.length() > 300 ? one.substring(0, 297) + "..." : one;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 < s.length()) {
                            b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
