package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeHeapTrimTest {

    @Test
    void aJvmStartedWithItsAttachListenerTrimsItsNativeHeapWhenAsked() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-XX:+StartAttachListener", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                Idle.class.getName()).redirectErrorStream(true).start();
        try {
            Path socket = Path.of("/tmp/.java_pid" + jvm.pid());
            awaitCreated(socket, jvm, 30);
            assertThat(socket).as("the JVM's attach socket").exists();
            assertThat(NativeHeapTrim.ownSocket(socket)).as("the socket is this user's").isTrue();
            assertThat(NativeHeapTrim.ownSocket(Path.of(socket + ".gone"))).isFalse();

            assertThat(NativeHeapTrim.ask(socket, "System.trim_native_heap")).contains("Trim native heap");
        } finally {
            jvm.getOutputStream().close();
            jvm.destroyForcibly();
            jvm.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRequestIsVersionOneWithThreeArgumentsAndARefusalIsAnError(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("attach");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> answer(server, "-1\nno such command\n"));

            assertThatThrownBy(() -> NativeHeapTrim.ask(socket, "Bad.command")).isInstanceOf(IOException.class)
                    .hasMessageContaining("no such command");
            assertThat(request.get(30, TimeUnit.SECONDS)).isEqualTo("1\0jcmd\0Bad.command\0\0\0");
        }
    }

    /** Waits until {@code file} exists, at most {@code seconds}: told by its directory's events, not by polling. */
    private static void awaitCreated(Path file, Process jvm, long seconds) throws IOException, InterruptedException {
        try (WatchService watch = file.getFileSystem().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long left;
            while (!Files.exists(file) && jvm.isAlive() && (left = deadline - System.nanoTime()) > 0) {
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    /** Reads one request of five NUL-ended strings, answers, closes; returns the request. */
    private static String answer(ServerSocketChannel server, String reply) {
        try (SocketChannel ch = server.accept()) {
            StringBuilder got = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(256);
            while (got.chars().filter(c -> c == 0).count() < 5 && ch.read(buf) >= 0) {
                buf.flip();
                got.append(StandardCharsets.UTF_8.decode(buf));
                buf.clear();
            }
            ch.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
            return got.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JVM the first test asks: idles until the test closes its input (or the test's JVM ends). */
    public static final class Idle {
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // nothing is sent: the read blocks until the end of the input
            }
        }
    }
}
