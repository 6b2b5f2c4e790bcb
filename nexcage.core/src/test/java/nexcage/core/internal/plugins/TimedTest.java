package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import nexcage.core.internal.testing.RecordingAccounting;

class TimedTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingAccounting accounting = new RecordingAccounting();
    private final Timed timed = new Timed(executor, accounting);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aCallThatReturnsIsMeasuredOnItsWorkerAndANonZeroStatusIsNoError() throws Exception {
        Thread[] worker = new Thread[1];
        int status = timed.call("hello", "command:hello", "command 'hello'", 5, () -> {
            worker[0] = Thread.currentThread();
            return 3;
        });
        assertThat(status).isEqualTo(3);
        assertThat(worker[0]).isNotEqualTo(Thread.currentThread());
        assertThat(accounting.events).containsExactly("begin hello command:hello", "end hello command:hello ok");
    }

    @Test
    void aCallThatThrowsIsAnError() {
        assertThatThrownBy(() -> timed.call("hello", "lifecycle:init", "init of plugin hello", 5, () -> {
            throw new IllegalStateException("no greeting");
        })).isInstanceOf(Timed.CallFailed.class).hasMessage("init of plugin hello threw IllegalStateException: no greeting");
        assertThat(accounting.events).containsExactly("begin hello lifecycle:init", "end hello lifecycle:init failed");
    }

    @Test
    void anOverrunIsCountedOnceAsATimeoutAndItsLateEndOnlyAddsItsCost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        assertThatThrownBy(() -> timed.call("slow", "command:slow", "command 'slow' of plugin slow", 1, () -> {
            try {
                // the caller cancels the call at its timeout: the interrupt is ignored, as a plugin's loop might
                while (!release.await(10, TimeUnit.SECONDS)) {
                    // wait on
                }
            } catch (InterruptedException ignored) {
                release.await(10, TimeUnit.SECONDS);
            }
            return 0;
        })).isInstanceOf(Timed.CallFailed.class).hasMessageContaining("did not return in 1 s");
        assertThat(accounting.events).containsExactly("begin slow command:slow", "timeout slow command:slow");
        release.countDown();
        awaitEvents(3);
        assertThat(accounting.events).containsExactly("begin slow command:slow", "timeout slow command:slow", "late slow command:slow");
    }

    @Test
    void aCallThatReturnsAsTheWaitRunsOutIsCountedAsReturnedNotAsATimeout() throws Exception {
        // the race made certain: the wait runs out only once the call has returned and settled
        ExecutorService racing = new AbstractExecutorService() {
            @Override
            protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
                return new FutureTask<>(task) {
                    @Override
                    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
                        get();
                        throw new TimeoutException();
                    }
                };
            }

            @Override
            public void execute(Runnable command) {
                executor.execute(command);
            }

            @Override
            public void shutdown() {
            }

            @Override
            public List<Runnable> shutdownNow() {
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return false;
            }

            @Override
            public boolean isTerminated() {
                return false;
            }

            @Override
            public boolean awaitTermination(long timeout, TimeUnit unit) {
                return true;
            }
        };
        int status = new Timed(racing, accounting).call("hello", "command:hello", "command 'hello'", 1, () -> 0);
        assertThat(status).isZero();
        assertThat(accounting.events).containsExactly("begin hello command:hello", "end hello command:hello ok");
    }

    private void awaitEvents(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (accounting.events.size() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(List.copyOf(accounting.events)).hasSize(n);
    }
}
