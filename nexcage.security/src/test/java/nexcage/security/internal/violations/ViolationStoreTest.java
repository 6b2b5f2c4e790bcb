package nexcage.security.internal.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.security.admin.Violation;

class ViolationStoreTest {
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.getAndUpdate(t -> t.plusSeconds(1));
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    private ViolationStore store(int capacity, Duration coalesce) {
        return new ViolationStore(dir.resolve("security/violations.json"), capacity, coalesce, clock, warnings::add);
    }

    @Test
    void equalViolationsAreCountedInOneEntryWithTheLatestTime() {
        try (ViolationStore s = store(10, NEVER)) {
            s.record("a", "container_create", "containers.create", "web");
            Violation second = s.record("a", "container_create", "containers.create", "web");
            s.record("a", "container_create", "containers.create", "db");

            assertThat(second.count()).isEqualTo(2);
            assertThat(s.list("a")).extracting(Violation::detail, Violation::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("db", 1L), org.assertj.core.groups.Tuple.tuple("web", 2L));
            assertThat(s.list("a").get(1).time()).isEqualTo(second.time());
        }
    }

    @Test
    void listIsNewestFirstAndFiltersByPlugin() {
        try (ViolationStore s = store(10, NEVER)) {
            s.record("a", null, "service.lookup", "org.osgi.service.cm.ConfigurationAdmin");
            s.record("b", "config_read", "config.read", "");
            s.record("a", "logging", "log", "");

            assertThat(s.list(null)).extracting(Violation::plugin).containsExactly("a", "b", "a");
            assertThat(s.list("a")).extracting(Violation::operation).containsExactly("log", "service.lookup");
            assertThat(s.list("nobody")).isEmpty();
        }
    }

    @Test
    void theLeastRecentEntryIsDroppedBeyondTheBound() {
        try (ViolationStore s = store(3, NEVER)) {
            for (String d : List.of("1", "2", "3")) {
                s.record("a", "logging", "log", d);
            }
            s.record("a", "logging", "log", "1");   // 1 is recent again: 2 is now the least recent
            s.record("a", "logging", "log", "4");

            assertThat(s.list("a")).extracting(Violation::detail).containsExactly("4", "1", "3");
        }
    }

    @Test
    void violationsSurviveARestart() {
        try (ViolationStore s = store(10, NEVER)) {
            s.record("a", "container_create", "containers.create", "web");
            s.record("a", "container_create", "containers.create", "web");
            s.record("b", null, "service.lookup", "org.osgi.service.cm.ConfigurationAdmin");
        }
        try (ViolationStore again = store(10, NEVER)) {
            assertThat(again.list(null)).extracting(Violation::plugin, Violation::capability, Violation::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", null, 1L),
                            org.assertj.core.groups.Tuple.tuple("a", "container_create", 2L));
            assertThat(again.record("a", "container_create", "containers.create", "web").count()).isEqualTo(3);
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aFloodOfViolationsIsWrittenOnceNotOncePerViolation() throws Exception {
        Path file = dir.resolve("security/violations.json");
        try (ViolationStore s = store(10, NEVER)) {
            for (int i = 0; i < 10_000; i++) {
                s.record("a", "logging", "log", "");
            }
            // nothing is written on the violating thread; the writer waits its coalescing delay
            assertThat(file).doesNotExist();
            s.flush();
            assertThat(Files.readString(file)).contains("\"count\" : 10000");
        }
    }

    @Test
    void theWriterThreadWritesAfterTheCoalescingDelay() throws Exception {
        Path file = dir.resolve("security/violations.json");
        try (ViolationStore s = store(10, Duration.ofMillis(10))) {
            s.record("a", "logging", "log", "");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(file).exists();
        }
    }

    @Test
    void aCorruptFileIsReportedSetAsideAndReplaced() throws Exception {
        Path file = stored("{ not json");

        try (ViolationStore s = store(10, NEVER)) {
            assertThat(s.list(null)).isEmpty();
            assertThat(warnings).singleElement().asString().contains(file.toString()).contains("cannot be read");
            s.record("a", "logging", "log", "");
        }
        assertThat(file.resolveSibling("violations.json.corrupt")).hasContent("{ not json");
        try (ViolationStore again = store(10, NEVER)) {
            assertThat(again.list(null)).hasSize(1);
        }
    }

    @Test
    void anEntryMissingItsFieldsMakesTheFileCorrupt() throws Exception {
        stored("[{\"plugin\":\"a\"}]");

        try (ViolationStore s = store(10, NEVER)) {
            assertThat(s.list(null)).isEmpty();
            assertThat(warnings).singleElement().asString().contains("lacks");
        }
    }

    private Path stored(String content) throws java.io.IOException {
        Path file = dir.resolve("security/violations.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
