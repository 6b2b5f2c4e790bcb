package nexcage.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The hand-off of security.violation hooks: never on the caller's thread, in order, and bounded. */
class HookRelayTest {

    @Test
    void itemsArePassedOnByOneTaskOnTheExecutorInOrderNeverOnTheCallersThread() {
        Queue<Runnable> tasks = new ArrayDeque<>();
        List<Integer> seen = new ArrayList<>();
        HookRelay<Integer> relay = new HookRelay<>(tasks::add, seen::add, n -> {
        });
        for (int i = 0; i < 5; i++) {
            relay.offer(i);
        }
        assertThat(seen).as("nothing runs on the offering thread").isEmpty();
        assertThat(tasks).as("one drain task for the burst").hasSize(1);
        tasks.poll().run();
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        relay.offer(5);
        assertThat(tasks).hasSize(1);
        tasks.poll().run();
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aFloodBeyondTheQueueIsDroppedAndCountedNotQueued() {
        Queue<Runnable> tasks = new ArrayDeque<>();
        List<Integer> seen = new ArrayList<>();
        AtomicLong dropped = new AtomicLong();
        HookRelay<Integer> relay = new HookRelay<>(tasks::add, seen::add, dropped::addAndGet);
        for (int i = 0; i < HookRelay.CAPACITY + 500; i++) {
            relay.offer(i);
        }
        assertThat(tasks).hasSize(1);
        tasks.poll().run();
        assertThat(seen).hasSize(HookRelay.CAPACITY);
        assertThat(dropped.get()).isEqualTo(500);
    }

    @Test
    void aFailingSinkDoesNotStrandTheItemsBehindIt() throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        CountDownLatch all = new CountDownLatch(99);
        HookRelay<Integer> relay = new HookRelay<>(pool, i -> {
            if (i == 0) {
                throw new IllegalStateException("a handler failed");
            }
            all.countDown();
        }, n -> {
        });
        for (int i = 0; i < 100; i++) {
            relay.offer(i);
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
    }
}
