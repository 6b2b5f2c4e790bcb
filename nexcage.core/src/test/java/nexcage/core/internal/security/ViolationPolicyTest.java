package nexcage.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.config.SecuritySettings;
import nexcage.core.internal.config.SecuritySettings.AuditMode;
import nexcage.core.internal.config.SecuritySettings.OnViolation;
import nexcage.security.admin.Violation;

/** runtime.security applied to violations: when a plugin is disabled, and that it is decided once. */
class ViolationPolicyTest {
    private final AtomicReference<SecuritySettings> settings = new AtomicReference<>(new SecuritySettings(OnViolation.LOG, 3, AuditMode.WARN));
    private final ViolationPolicy policy = new ViolationPolicy(settings::get);

    private static Violation v(String plugin, long count) {
        return new Violation(Instant.now(), plugin, "logging", "log.info", "hello", count);
    }

    @Test
    void withLogAPluginIsDisabledOnlyOnceItHasMoreThanMaxViolations() {
        for (int i = 1; i <= 3; i++) {
            assertThat(policy.count(v("noisy", i))).as("violation %d of at most 3", i).isNull();
        }
        assertThat(policy.count(v("noisy", 4))).isEqualTo("disabled after 4 violations (runtime.security.max_violations is 3); "
                + "see nexcage plugin violations noisy");
        assertThat(policy.count(v("other", 1))).as("each plugin is counted on its own").isNull();
    }

    @Test
    void withDisableThePluginGoesAtItsFirstViolation() {
        settings.set(new SecuritySettings(OnViolation.DISABLE, 100, AuditMode.WARN));
        assertThat(policy.count(new Violation(Instant.now(), "nosy", null, "service.lookup", "org.osgi.service.cm.ConfigurationAdmin", 1)))
                .isEqualTo("disabled at its first capability violation (runtime.security.on_violation is disable): service.lookup "
                        + "(org.osgi.service.cm.ConfigurationAdmin), which no plugin may do; see nexcage plugin violations nosy");
    }

    @Test
    void aResourceViolationIsToldAsALimitExceededAndFollowsTheSamePolicy() {
        Violation threads = new Violation(Instant.now(), "leaky", null, "resource.max_threads", "12 threads running, its limit max_threads is 10", 1);
        assertThat(ViolationPolicy.described(threads)).isEqualTo("exceeded its limit max_threads (12 threads running, its limit max_threads is 10)");
        assertThat(policy.count(threads)).isNull();
        settings.set(new SecuritySettings(OnViolation.DISABLE, 100, AuditMode.WARN));
        assertThat(policy.count(threads)).isEqualTo("disabled at its first violation (runtime.security.on_violation is disable): it exceeded"
                + " its limit max_threads (12 threads running, its limit max_threads is 10); see nexcage plugin violations leaky");
    }

    @Test
    void aFloodIsDecidedOnceUntilThePluginStartsAgainAndCountsFromNothingThen() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> decisions = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 5000; i++) {
                    String r = policy.count(v("flood", i + 1));
                    if (r != null) {
                        decisions.add(r);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(decisions).as("40000 violations, one decision").hasSize(1);
        assertThat(policy.counted("flood")).isEqualTo(40_000);

        policy.started("flood");
        assertThat(policy.counted("flood")).isZero();
        for (int i = 1; i <= 3; i++) {
            assertThat(policy.count(v("flood", i))).isNull();
        }
        assertThat(policy.count(v("flood", 4))).as("enabled again, it may be disabled again").isNotNull();
    }

    @Test
    void aViolationIsLoggedAtItsFirstThenAtEachPowerOfTen() {
        List<Long> logged = new ArrayList<>();
        for (long c = 1; c <= 10_000; c++) {
            if (ViolationPolicy.logged(v("p", c))) {
                logged.add(c);
            }
        }
        assertThat(logged).containsExactly(1L, 10L, 100L, 1000L, 10_000L);
    }
}
