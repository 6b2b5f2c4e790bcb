package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.daemon.DaemonLog.Level;

class PluginLevelsTest {

    @Test
    void thePluginRunsAtTheMostVerboseRaiseAndGoesBackWhenTheLastRaiseCloses() {
        PluginLevels levels = new PluginLevels();
        List<String> heard = new ArrayList<>();
        levels.onChange((p, l) -> heard.add(p + "=" + l.map(Level::id).orElse("back")));

        PluginLevels.Raise first = levels.raise("p", Level.DEBUG);
        PluginLevels.Raise second = levels.raise("p", Level.TRACE);
        assertThat(levels.of("p")).contains(Level.TRACE);
        assertThat(levels.of("q")).isEmpty();
        second.close();
        second.close(); // a client's handle closed twice (its end and its hang-up) counts once
        assertThat(levels.of("p")).contains(Level.DEBUG);
        PluginLevels.Raise third = levels.raise("p", Level.DEBUG);
        first.close();
        assertThat(levels.of("p")).as("one client still debugs it").contains(Level.DEBUG);
        third.close();
        assertThat(levels.of("p")).isEmpty();
        assertThat(levels.raised()).isEmpty();
        assertThat(heard).containsExactly("p=debug", "p=trace", "p=debug", "p=back");
    }

    @Test
    void aFollowerThatReadsTooSlowlyLosesLinesAndIsToldHowMany() {
        boolean[] unsubscribed = {false};
        LogFollower f = new LogFollower("p", List.of(), 2, self -> () -> unsubscribed[0] = true);
        for (int i = 0; i < 5; i++) {
            f.offer(new LogLine("t", Level.INFO, "p", "p", "line " + i, null));
        }
        assertThat(f.takeDropped()).isEqualTo(3);
        assertThat(f.takeDropped()).isZero();
        assertThat(f.poll().message()).isEqualTo("line 0");
        assertThat(f.poll().message()).isEqualTo("line 1");
        assertThat(f.poll()).isNull();
        f.close();
        assertThat(unsubscribed[0]).isTrue();
    }
}
