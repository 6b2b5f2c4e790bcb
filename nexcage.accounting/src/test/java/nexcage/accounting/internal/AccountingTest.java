package nexcage.accounting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nexcage.accounting.admin.PluginAccounting;
import nexcage.accounting.admin.PluginCall;
import nexcage.accounting.admin.PluginUsage;
import nexcage.accounting.admin.UsageFigures;
import nexcage.accounting.admin.WatchedPlugin;
import nexcage.api.ResourceRequirements;

class AccountingTest {

    private static final long MS = 1_000_000L;

    private final FakeMeter meter = new FakeMeter();
    private final Accounting accounting = new Accounting(meter);
    private final RecordedViolations violations = new RecordedViolations();
    private final Sampler sampler = new Sampler(accounting, violations, m -> { }, 1000);

    private UsageFigures entry(String plugin, String entry) {
        return accounting.usage(plugin).orElseThrow().byEntry().get(entry);
    }

    private PluginUsage usage(String plugin) {
        return accounting.usage(plugin).orElseThrow();
    }

    @Test
    void aCallIsCountedWithItsLatencyCpuAndAllocation() {
        PluginCall call = accounting.begin("p", "command:hello");
        meter.advance(3 * MS);
        meter.work(2 * MS, 4096);
        call.end(false);
        PluginCall failing = accounting.begin("p", "command:hello");
        meter.advance(MS);
        failing.end(true);
        sampler.sample();

        UsageFigures hello = entry("p", "command:hello");
        assertThat(hello.calls()).isEqualTo(2);
        assertThat(hello.errors()).isEqualTo(1);
        assertThat(hello.timeouts()).isZero();
        assertThat(hello.maxMs()).isEqualTo(3.0);
        assertThat(hello.p99Ms()).isBetween(2.9, 3.0);
        assertThat(hello.cpuMs()).isEqualTo(2.0);
        assertThat(hello.allocatedBytes()).isEqualTo(4096);
        assertThat(usage("p").total()).isEqualTo(hello);
        assertThat(usage("p").watched()).isFalse();
    }

    @Test
    void aTimedOutCallCountsItsTimeoutAndItsLateEndOnlyItsCost() {
        PluginCall call = accounting.begin("p", "hook:container.pre_create");
        accounting.timedOut("p", "hook:container.pre_create", 100 * MS);
        meter.advance(5000 * MS);
        meter.work(40 * MS, 1000);
        call.endLate();
        sampler.sample();

        UsageFigures hook = entry("p", "hook:container.pre_create");
        assertThat(hook.calls()).isEqualTo(1);
        assertThat(hook.errors()).isEqualTo(1);
        assertThat(hook.timeouts()).isEqualTo(1);
        assertThat(hook.maxMs()).isEqualTo(100.0);
        assertThat(hook.cpuMs()).isEqualTo(40.0);
        assertThat(hook.allocatedBytes()).isEqualTo(1000);
    }

    @Test
    void aNestedCallsCostIsItsOwnNotAlsoTheEnclosingOnes() {
        PluginCall command = accounting.begin("a", "command:x");
        meter.advance(10 * MS);
        meter.work(10 * MS, 100);
        PluginCall backend = accounting.begin("b", "backend:create");
        meter.advance(5 * MS);
        meter.work(5 * MS, 50);
        backend.end(false);
        meter.advance(3 * MS);
        meter.work(3 * MS, 30);
        command.end(false);
        sampler.sample();

        assertThat(usage("a").total().cpuMs()).isEqualTo(13.0);
        assertThat(usage("a").total().allocatedBytes()).isEqualTo(130);
        assertThat(usage("b").total().cpuMs()).isEqualTo(5.0);
        assertThat(usage("b").total().allocatedBytes()).isEqualTo(50);
    }

    @Test
    void aCallIsChargedItsThreadsCpuButNeverMoreThanItsWallTime() {
        PluginCall waits = accounting.begin("p", "backend:create");
        meter.advance(800 * MS);
        meter.work(2 * MS, 0);
        waits.end(false);
        meter.advance(200 * MS);
        sampler.sample();
        assertThat(entry("p", "backend:create").cpuMs()).isEqualTo(2.0);

        PluginCall quick = accounting.begin("p", "backend:info");
        meter.advance(50 * MS);
        quick.end(false);
        // the same thread then works for the runtime, outside any call, in the same second
        meter.advance(950 * MS);
        meter.work(150 * MS, 0);
        sampler.sample();
        assertThat(entry("p", "backend:info").cpuMs()).isEqualTo(50.0);
    }

    @Test
    void aCallStillRunningIsChargedBySamplesAndOnlyTheRestAtItsEnd() {
        PluginCall call = accounting.begin("p", "command:spin");
        meter.advance(700 * MS);
        meter.work(700 * MS, 0);
        sampler.sample();
        assertThat(entry("p", "command:spin").cpuMs()).isEqualTo(700.0);
        assertThat(entry("p", "command:spin").calls()).isZero();

        meter.advance(300 * MS);
        meter.work(300 * MS, 0);
        call.end(false);
        sampler.sample();
        assertThat(entry("p", "command:spin").cpuMs()).isEqualTo(1000.0);
        assertThat(entry("p", "command:spin").calls()).isEqualTo(1);
    }

    @Test
    void endingTwiceCountsOnce() {
        PluginCall call = accounting.begin("p", "lifecycle:init");
        call.end(false);
        call.end(true);
        call.endLate();
        assertThat(entry("p", "lifecycle:init").calls()).isEqualTo(1);
        assertThat(entry("p", "lifecycle:init").errors()).isZero();
    }

    @Test
    void cpuOverTheWindowIsAViolationOnceUntilItGoesBackUnder() {
        accounting.watch(watched("p", Map.of("max_cpu_percent", "5"), null));
        sampler.sample();
        PluginCall call = accounting.begin("p", "command:spin");
        for (int i = 0; i < 3; i++) {
            meter.advance(1000 * MS);
            meter.work(1000 * MS, 0);
            sampler.sample();
        }
        assertThat(usage("p").cpuPercent()).isEqualTo(30.0);
        assertThat(usage("p").overLimit()).containsExactly("max_cpu_percent");
        assertThat(violations.recorded).containsExactly(
                "p resource.max_cpu_percent: CPU 10% of one core over the last 10 s, its limit max_cpu_percent is 5");

        call.end(false);
        for (int i = 0; i < 12; i++) {
            meter.advance(1000 * MS);
            sampler.sample();
        }
        assertThat(usage("p").cpuPercent()).isZero();
        assertThat(usage("p").overLimit()).isEmpty();

        PluginCall again = accounting.begin("p", "command:spin");
        meter.advance(1000 * MS);
        meter.work(1000 * MS, 0);
        sampler.sample();
        again.end(false);
        assertThat(violations.recorded).hasSize(2);
    }

    @Test
    void aDataDirectoryPastItsLimitIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.write(dir.resolve("blob"), new byte[(int) (2.5 * 1024 * 1024)]);
        accounting.watch(watched("p", Map.of("max_disk_usage_mb", "1"), dir));
        sampler.sample();

        assertThat(usage("p").diskBytes()).isEqualTo((long) (2.5 * 1024 * 1024));
        assertThat(usage("p").overLimit()).containsExactly("max_disk_usage_mb");
        assertThat(violations.recorded).containsExactly(
                "p resource.max_disk_usage_mb: data directory holds 2.5 MB, its limit max_disk_usage_mb is 1");
    }

    @Test
    void unwatchingKeepsTheFiguresAndDropsTheLimits(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.write(dir.resolve("blob"), new byte[2 * 1024 * 1024]);
        accounting.watch(watched("p", Map.of("max_disk_usage_mb", "1"), dir));
        accounting.begin("p", "command:x").end(false);
        sampler.sample();
        accounting.unwatch("p");
        sampler.sample();

        PluginUsage u = usage("p");
        assertThat(u.watched()).isFalse();
        assertThat(u.overLimit()).isEmpty();
        assertThat(u.total().calls()).isEqualTo(1);
        assertThat(u.limits()).containsEntry("max_disk_usage_mb", 1).hasSize(7);
    }

    @Test
    void usageListsEveryPluginByName() {
        accounting.begin("zeta", PluginAccounting.COMMAND + "z").end(false);
        accounting.watch(watched("alpha", Map.of(), null));
        assertThat(accounting.usage()).extracting(PluginUsage::plugin).containsExactly("alpha", "zeta");
        assertThat(accounting.usage("nobody")).isEmpty();
    }

    static WatchedPlugin watched(String name, Map<String, String> limits, Path dir) {
        return new WatchedPlugin(name, ResourceRequirements.of(limits), dir, c -> c.startsWith("plugin." + name + "."));
    }
}
