package nexcage.core.internal.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import nexcage.core.internal.daemon.DaemonLog.Level;

class OsgiLogMappingTest {
    private static final String OWN = "nexcage.core.internal.daemon.OsgiLogBridge";

    @Test
    void aPluginsLinesCarryItsPluginNameElseTheSymbolicName() {
        assertThat(OsgiLogMapping.source("hello", "nexcage.example.hello", 12)).isEqualTo("hello");
        assertThat(OsgiLogMapping.source(" ", "org.apache.felix.scr", 3)).isEqualTo("org.apache.felix.scr");
        assertThat(OsgiLogMapping.source(null, null, 7)).isEqualTo("bundle 7");
        assertThat(OsgiLogMapping.source(null, null, -1)).isEqualTo("osgi");
        assertThat(OsgiLogMapping.symbolicName("a.b;singleton:=true")).isEqualTo("a.b");
        assertThat(OsgiLogMapping.symbolicName("a.b")).isEqualTo("a.b");
    }

    @Test
    void theSixOsgiLevelsMapOnTheDaemonsFive() {
        assertThat(OsgiLogMapping.level("AUDIT", "x", OWN)).contains(Level.INFO);
        assertThat(OsgiLogMapping.level("ERROR", "x", OWN)).contains(Level.ERROR);
        assertThat(OsgiLogMapping.level("WARN", "x", OWN)).contains(Level.WARN);
        assertThat(OsgiLogMapping.level("INFO", "x", OWN)).contains(Level.INFO);
        assertThat(OsgiLogMapping.level("DEBUG", "x", OWN)).contains(Level.DEBUG);
        assertThat(OsgiLogMapping.level("TRACE", "x", OWN)).contains(Level.TRACE);
        assertThat(OsgiLogMapping.level("LOUD", "x", OWN)).isEmpty();
        assertThat(OsgiLogMapping.level(null, null, OWN)).isEmpty();
    }

    @Test
    void frameworkErrorsPassButEventsThatWouldFloodTheLogDoNot() {
        assertThat(OsgiLogMapping.level("ERROR", "Events.Framework.shout", OWN)).contains(Level.ERROR);
        assertThat(OsgiLogMapping.level("WARN", "Events.Framework.shout", OWN)).contains(Level.WARN);
        assertThat(OsgiLogMapping.level("INFO", "Events.Framework.org.apache.felix.framework", OWN)).isEmpty();
        assertThat(OsgiLogMapping.level("INFO", "Events.Bundle.hello", OWN)).isEmpty();
        assertThat(OsgiLogMapping.level("DEBUG", "Events.Service.hello", OWN)).isEmpty();
        assertThat(OsgiLogMapping.level("INFO", "Events.Serviceman", OWN)).as("only the event loggers themselves")
                .contains(Level.INFO);
    }

    @Test
    void theHistoryBeforeTheBridgeListenedIsReplayedOldestFirst() {
        record Entry(String text, long time) {
        }
        List<Entry> newestFirst = List.of(new Entry("after", 30), new Entry("at", 20), new Entry("second", 15),
                new Entry("first", 10));
        assertThat(OsgiLogMapping.before(newestFirst, Entry::time, 20)).extracting(Entry::text)
                .containsExactly("first", "second");
    }

    @Test
    void theBridgesOwnLoggerNeverComesBack() {
        assertThat(OsgiLogMapping.level("ERROR", OWN, OWN)).isEmpty();
    }

    @Test
    void theOsgiLoggersGetTheDaemonsThresholdSoDebugLinesAreNotEvenBuilt() {
        assertThat(OsgiLogMapping.rootLevels(Level.INFO, "ROOT")).containsEntry("ROOT", "INFO")
                .containsEntry("Events.Service", "WARN").containsEntry("Events.Bundle", "WARN")
                .containsEntry("Events.Framework", "WARN");
        assertThat(OsgiLogMapping.rootLevels(Level.DEBUG, "ROOT")).containsEntry("ROOT", "DEBUG")
                .containsEntry("Events.Service", "WARN");
    }
}
