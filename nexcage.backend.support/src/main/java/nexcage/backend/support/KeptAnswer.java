package nexcage.backend.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A runtime binary's answer to a question that only a new binary can change ({@code crun
 * --version}, {@code lxc-start --version}), kept while the file stays the same: the same file
 * (device and inode, through symbolic links), size and modification time. A backend's health is
 * checked every few seconds; asking anew each time started two processes every five seconds in
 * an idle daemon (bench/README.md, issue 20). An upgrade or a removal of the binary is still seen
 * at the next check, and an answer that is not {@code keepable} (a failure) is asked again each time.
 *
 * @param <T> the answer
 */
public final class KeptAnswer<T> {
    /** The question, asked of the binary; {@code E} is what asking may throw. */
    @FunctionalInterface
    public interface Question<T, E extends Exception> {
        T ask() throws E;
    }

    private record Stamp(Object fileKey, long size, FileTime modified) {
    }

    private record Kept<T>(Path binary, Stamp stamp, T answer) {
    }

    private final Predicate<T> keepable;
    private volatile Kept<T> kept;

    public KeptAnswer(Predicate<T> keepable) {
        this.keepable = Objects.requireNonNull(keepable);
    }

    /** The answer kept for {@code binary} if the file has not changed since it was given, else {@code question}'s answer now. */
    public <E extends Exception> T get(Path binary, Question<T, E> question) throws E {
        Stamp before = stamp(binary);
        Kept<T> k = kept;
        if (before != null && k != null && k.binary().equals(binary) && k.stamp().equals(before)) {
            return k.answer();
        }
        T answer = question.ask();
        // stamped before the question: a binary replaced while it was asked is asked again next time
        kept = before != null && keepable.test(answer) ? new Kept<>(binary, before, answer) : null;
        return answer;
    }

    private static Stamp stamp(Path binary) {
        try {
            BasicFileAttributes a = Files.readAttributes(binary, BasicFileAttributes.class);
            // without a file key (device and inode) a replacement of the same size and time would go unseen
            return a.fileKey() == null ? null : new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (IOException gone) {
            return null;
        }
    }
}
