package nexcage.e2e.accounting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.awaitility.core.ConditionTimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import nexcage.e2e.Nexcage;

/**
 * Watches the fixture plugins of one daemon as a user would, polling {@code plugin list},
 * {@code plugin stats --json} and {@code plugin violations --json}: when each became active, when
 * each exceeded limit was first named in {@code over_limit} and as a violation, and whether the
 * steady plugin ever was.
 */
final class ResourceWatch {
    /** The bound, from the moment a plugin is seen active. */
    static final Duration NAMED_WITHIN = Duration.ofSeconds(10);

    private final Nexcage nx;
    private final List<ResourceFixture> fixtures;
    private final Map<ResourceFixture, Long> activeAt = new EnumMap<>(ResourceFixture.class);
    private final Map<ResourceFixture, Long> overLimitAt = new EnumMap<>(ResourceFixture.class);
    private final Map<ResourceFixture, JsonNode> violations = new EnumMap<>(ResourceFixture.class);
    /** When each violation was first seen. */
    private final Map<ResourceFixture, Long> seenAt = new EnumMap<>(ResourceFixture.class);
    private final List<String> steadyOverLimit = new ArrayList<>();
    private JsonNode lastStats;
    private JsonNode lastViolations;

    ResourceWatch(Nexcage nx, List<ResourceFixture> fixtures) {
        this.nx = nx;
        this.fixtures = fixtures;
    }

    /** Waits (bounded) until every fixture is active, noting when each was first seen so. */
    void awaitActive() {
        JsonNode[] last = {null};
        try {
            // in the test's thread: the condition notes when each fixture was first seen active
            Nexcage.waiting("every fixture plugin to be active", Nexcage.START_WAIT).pollInSameThread()
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        last[0] = nx.list();
                        long now = System.nanoTime();
                        for (ResourceFixture f : fixtures) {
                            if (!activeAt.containsKey(f) && Nexcage.plugin(last[0], f.plugin)
                                    .map(p -> Nexcage.state(p).equals("active")).orElse(false)) {
                                activeAt.put(f, now);
                            }
                        }
                        return activeAt.size() == fixtures.size();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not every fixture plugin became active within " + Nexcage.START_WAIT.toSeconds()
                    + " s: " + (last[0] == null ? "no plugin list" : last[0].toPrettyString()) + "\ndaemon output:\n" + nx.daemonLog(), e);
        }
    }

    /**
     * Polls until each bad fixture's limit has been named both in its {@code over_limit} and as a
     * violation; fails for a fixture not named within {@link #NAMED_WITHIN} of becoming active.
     * Runs {@code spinnersNamed} once, as soon as every spinner is (so they stop burning CPU).
     */
    void awaitEveryBadLimitNamed(Runnable spinnersNamed) {
        List<ResourceFixture> bad = fixtures.stream().filter(f -> f.limit != null).toList();
        boolean[] spinnersStopped = {false};
        // every fixture is active by now, so each one's own bound (checked in the condition) ends the wait first
        Nexcage.waiting("every bad fixture's limit to be named", NAMED_WITHIN.plusSeconds(5)).pollInSameThread()
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    poll();
                    if (!spinnersStopped[0] && bad.stream().filter(ResourceFixture::spins).allMatch(this::named)) {
                        spinnersNamed.run();
                        spinnersStopped[0] = true;
                    }
                    if (bad.stream().allMatch(this::named)) {
                        return true;
                    }
                    failForLateNames(bad);
                    return false;
                });
        bad.forEach(f -> System.out.printf("%s: %s named %.1f s after it was seen active%n", f.plugin, f.limit,
                (Math.max(overLimitAt.get(f), seenAt.get(f)) - activeAt.get(f)) / 1e9));
    }

    private void failForLateNames(List<ResourceFixture> bad) {
        long now = System.nanoTime();
        for (ResourceFixture f : bad) {
            if (!named(f) && now - activeAt.get(f) > NAMED_WITHIN.toNanos()) {
                throw new AssertionError(f.plugin + "'s " + f.limit + " was not named within " + NAMED_WITHIN.toSeconds()
                        + " s of it becoming active (in over_limit: " + overLimitAt.containsKey(f) + ", as a violation: "
                        + violations.containsKey(f) + ")\nlast stats: " + lastStats.toPrettyString() + "\nlast violations: "
                        + lastViolations.toPrettyString() + "\ndaemon output:\n" + nx.daemonLog());
            }
        }
    }

    private boolean named(ResourceFixture f) {
        return overLimitAt.containsKey(f) && violations.containsKey(f);
    }

    private void poll() {
        lastStats = nx.json("plugin", "stats", "--json");
        lastViolations = nx.json("plugin", "violations", "--json");
        long now = System.nanoTime();
        for (ResourceFixture f : fixtures) {
            JsonNode overLimit = AccountingEndToEndTest.statsOf(lastStats, f.plugin).path("over_limit");
            if (f.limit == null) {
                if (!overLimit.isEmpty()) {
                    steadyOverLimit.add(overLimit.toString());
                }
                continue;
            }
            if (!overLimitAt.containsKey(f) && Nexcage.entries(overLimit).stream().anyMatch(l -> l.asText().equals(f.limit))) {
                overLimitAt.put(f, now);
            }
            if (!violations.containsKey(f)) {
                Nexcage.entries(lastViolations).stream().filter(v -> isResourceViolation(v, f)).findFirst()
                        .ifPresent(v -> {
                            violations.put(f, v);
                            seenAt.put(f, now);
                        });
            }
        }
    }

    private static boolean isResourceViolation(JsonNode v, ResourceFixture f) {
        return v.path("plugin").asText().equals(f.plugin) && v.path("kind").asText().equals("resource")
                && v.path("operation").asText().equals("resource." + f.limit);
    }

    /** The violation first seen for a bad fixture's limit. */
    JsonNode violation(ResourceFixture f) {
        return violations.get(f);
    }

    /** Every {@code over_limit} of the steady fixture that was not empty when polled. */
    List<String> steadyWasOverLimit() {
        return steadyOverLimit;
    }

    /** {@code plugin stats NAME --json} now. */
    JsonNode stats(String plugin) {
        return AccountingEndToEndTest.statsOf(nx.json("plugin", "stats", plugin, "--json"), plugin);
    }
}
