package nexcage.accounting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.ResourceRequirements;

class WindowAndRulesTest {

    private static final long S = 1_000_000_000L;

    @Test
    void theWindowIsTenSecondsOfOneCoreAndSlides() {
        CostWindow w = new CostWindow();
        w.add(0, 0, 0);
        w.add(S, 2 * S, 1000);
        // 2 s of CPU in the first second reads as 20 % of one core over the 10 s window, not 200 %
        assertThat(w.cpuPercent()).isEqualTo(20.0);
        assertThat(w.allocatedPerSecond()).isEqualTo(100);
        for (long t = 2; t <= 12; t++) {
            w.add(t * S, 2 * S + (t - 1) * S, 1000);
        }
        // busy one core for the last 10 s
        assertThat(w.cpuPercent()).isEqualTo(100.0);
        assertThat(w.allocatedPerSecond()).isZero();
    }

    @Test
    void samplesFurtherApartThanTheWindowAreDividedByTheTimeCovered() {
        CostWindow w = new CostWindow();
        w.add(0, 0, 0);
        w.add(20 * S, 10 * S, 0);
        assertThat(w.cpuPercent()).isEqualTo(50.0);
    }

    @Test
    void theEntryClassIsTheLowestFrameOutsideTheJdk() {
        StackTraceElement[] stack = {
            frame("java.lang.Object", "wait"),
            frame("org.example.Plugin", "loop"),
            frame("nexcage.core.internal.Runner", "run"),
            frame("java.util.concurrent.ThreadPoolExecutor", "runWorker"),
            frame("java.lang.Thread", "run")};
        assertThat(StackAttribution.entryClass(stack)).isEqualTo("nexcage.core.internal.Runner");
        assertThat(StackAttribution.entryClass(new StackTraceElement[] {frame("jdk.internal.misc.Unsafe", "park"),
            frame("java.lang.Thread", "run")})).isNull();

        WatchedPlugin p = new WatchedPlugin("p", ResourceRequirements.DEFAULTS, null, c -> c.startsWith("org.example."));
        assertThat(StackAttribution.of(stack, List.of(p)).kind()).isEqualTo(StackAttribution.Kind.OTHER);
        assertThat(StackAttribution.of(new StackTraceElement[] {frame("org.example.Plugin", "loop"), frame("java.lang.Thread", "run")},
                List.of(p)).plugin()).isSameAs(p);
    }

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    @Test
    void limitDetailsNameTheFigureAndTheLimit() {
        ResourceRequirements r = ResourceRequirements.of(Map.of("max_threads", "10", "max_cpu_percent", "5", "max_disk_usage_mb", "1"));
        assertThat(Limits.exceeded(r, 12, 87.2, 3_250_586)).extracting(Limits.Exceeded::detail).containsExactly(
                "12 threads running, its limit max_threads is 10",
                "CPU 87% of one core over the last 10 s, its limit max_cpu_percent is 5",
                "data directory holds 3.1 MB, its limit max_disk_usage_mb is 1");
        assertThat(Limits.exceeded(r, 10, 5.0, 1024 * 1024)).isEmpty();
        assertThat(Limits.percent(5.4)).isEqualTo("5.4");
    }

    @Test
    void theDiskWalkStopsAtItsBound(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve("f" + i), new byte[100]);
        }
        assertThat(DiskUsage.of(dir, 1000)).isEqualTo(new DiskUsage.Size(500, 6, false));
        assertThat(DiskUsage.of(dir, 3).truncated()).isTrue();
        assertThat(DiskUsage.of(dir.resolve("missing"), 3).bytes()).isZero();
    }

    @Test
    void theJvmMetersThisThreadsCpuAndAllocation() {
        JvmThreadMeter meter = new JvmThreadMeter(m -> { });
        long cpu = meter.currentThreadCpu();
        long allocated = meter.currentThreadAllocated();
        byte[][] garbage = new byte[100][];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[10_000];
        }
        assertThat(meter.measuresAllocation()).isTrue();
        assertThat(meter.currentThreadAllocated() - allocated).isGreaterThanOrEqualTo(1_000_000);
        assertThat(meter.currentThreadCpu()).isGreaterThanOrEqualTo(cpu);
        assertThat(meter.threadCpu(Thread.currentThread().getId())).isPositive();
        assertThat(garbage[99]).hasSize(10_000);
    }
}
