package nexcage.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import nexcage.api.PluginDependency;
import nexcage.api.PluginMetadata;
import nexcage.core.internal.plugins.PluginReconciler.Action;
import nexcage.core.internal.plugins.PluginReconciler.Fail;
import nexcage.core.internal.plugins.PluginReconciler.Install;
import nexcage.core.internal.plugins.PluginReconciler.Installed;
import nexcage.core.internal.plugins.PluginReconciler.OnDisk;
import nexcage.core.internal.plugins.PluginReconciler.Refuse;
import nexcage.core.internal.plugins.PluginReconciler.Reject;
import nexcage.core.internal.plugins.PluginReconciler.Relocate;
import nexcage.core.internal.plugins.PluginReconciler.Start;
import nexcage.core.internal.plugins.PluginReconciler.Stop;
import nexcage.core.internal.plugins.PluginReconciler.Uninstall;
import nexcage.core.internal.plugins.PluginReconciler.Update;

/** The reconciler on plain values: files on disk and installed plugins in, actions out. */
class PluginReconcilerTest {
    private static final Path DIR = Path.of("/plugins");
    private static final Path SYSTEM = Path.of("/runtime/plugins");

    // ---- building inputs ------------------------------------------------------------------------

    /** Valid metadata of a plugin, as its headers give it; dependencies as in NexCage-Dependencies, or null. */
    static PluginMetadata metadata(String name, String version, String dependencies) {
        Map<String, String> h = new HashMap<>();
        h.put("Bundle-SymbolicName", "org.example." + name);
        h.put("Bundle-Version", version);
        h.put("Bundle-Description", "plugin " + name);
        h.put("NexCage-Plugin-Name", name);
        h.put("NexCage-Api-Version", "1");
        if (dependencies != null) {
            h.put("NexCage-Dependencies", dependencies);
        }
        return PluginManifest.read(h::get, new Version(0, 8, 0));
    }

    private static OnDisk file(Path dir, String fileName, String name, String version, String sha, long mtime) {
        PluginFileChecker.Checked c = new PluginFileChecker.Checked(dir.resolve(fileName), metadata(name, version, null), name, version,
                List.of(), List.of(), null, sha, false);
        return new OnDisk(c, mtime, null);
    }

    private static OnDisk file(String fileName, String name, String version, String sha, long mtime) {
        return file(DIR, fileName, name, version, sha, mtime);
    }

    private static OnDisk broken(String fileName, String problem) {
        PluginFileChecker.Checked c = new PluginFileChecker.Checked(DIR.resolve(fileName), null, fileName, "", List.of(problem), List.of(),
                null, null, false);
        return new OnDisk(c, 1, null);
    }

    /** An installed plugin that came from {@code /plugins/FILE} with digest {@code sha}, active and enabled. */
    private static Installed installed(String name, String version, String file, String sha) {
        return new Installed(name, version, file == null ? null : DIR.resolve(file), sha, file != null, true, true, false, false, List.of());
    }

    private static Installed running(String name, String version, boolean active, boolean enabled, String dependencies) {
        List<PluginDependency> deps = dependencies == null ? List.of() : metadata(name, version, dependencies).dependencies();
        return new Installed(name, version, DIR.resolve(name + ".jar"), "sha-" + name, true, active, enabled, false, false, deps);
    }

    private static Map<String, Installed> map(Installed... all) {
        Map<String, Installed> out = new LinkedHashMap<>();
        for (Installed i : all) {
            out.put(i.name(), i);
        }
        return out;
    }

    private static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
        List<T> out = new ArrayList<>();
        actions.stream().filter(type::isInstance).map(type::cast).forEach(out::add);
        return out;
    }

    // ---- files --------------------------------------------------------------------------------

    @Test
    void aNewFileIsInstalled() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1)), Map.of());
        assertThat(a).hasSize(1);
        assertThat(((Install) a.get(0)).file().fileName()).isEqualTo("hello-1.0.0.jar");
    }

    @Test
    void anUnchangedFileDoesNothing() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1)),
                map(installed("hello", "1.0.0", "hello-1.0.0.jar", "a")));
        assertThat(a).isEmpty();
    }

    @Test
    void aChangedFileIsAnUpdate() {
        OnDisk f = file("hello-1.0.0.jar", "hello", "1.0.1", "b", 2);
        List<Action> a = PluginReconciler.files(List.of(f), map(installed("hello", "1.0.0", "hello-1.0.0.jar", "a")));
        assertThat(a).containsExactly(new Update("hello", f.checked()));
    }

    @Test
    void theSameContentUnderAnotherNameOnlyMovesTheRecord() {
        List<Action> a = PluginReconciler.files(List.of(file("renamed.jar", "hello", "1.0.0", "a", 2)),
                map(installed("hello", "1.0.0", "hello-1.0.0.jar", "a")));
        assertThat(a).hasSize(1).first().isInstanceOf(Relocate.class);
    }

    @Test
    void aBundleTakenOverFromTheCacheWithTheSameContentIsOnlyRecorded() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 2)),
                map(new Installed("hello", "1.0.0", null, "a", false, false, true, false, false, List.of())));
        assertThat(a).hasSize(1).first().isInstanceOf(Relocate.class);
    }

    @Test
    void aRemovedFileIsUninstalledSayingWhich() {
        List<Action> a = PluginReconciler.files(List.of(),
                map(new Installed("hello", "1.0.0", DIR.resolve("hello-1.0.0.jar"), "a", false, true, true, false, false, List.of())));
        assertThat(a).containsExactly(new Uninstall("hello", "its file hello-1.0.0.jar was removed"));
    }

    @Test
    void aCachedBundleWithoutAFileIsUninstalled() {
        List<Action> a = PluginReconciler.files(List.of(),
                map(new Installed("hello", "1.0.0", null, "a", false, false, true, false, false, List.of())));
        assertThat(a).containsExactly(new Uninstall("hello", "its file is no longer in the plugin directory"));
    }

    @Test
    void aStuckPluginIsNeitherUpdatedNorUninstalled() {
        Installed stuck = new Installed("hello", "1.0.0", DIR.resolve("hello-1.0.0.jar"), "a", false, true, true, true, false, List.of());
        List<Action> gone = PluginReconciler.files(List.of(), map(stuck));
        assertThat(gone).hasSize(1).first().isInstanceOf(Refuse.class);
        assertThat(((Refuse) gone.get(0)).why()).contains("not uninstalling plugin hello").contains("restart the daemon");
        List<Action> changed = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.1", "b", 2)), map(stuck));
        assertThat(((Refuse) changed.get(0)).why()).contains("not updating plugin hello");
    }

    @Test
    void anInvalidFileIsRejectedWithItsReasonAndNothingElseHappens() {
        List<Action> a = PluginReconciler.files(List.of(broken("junk.jar", "is not a zip file")), Map.of());
        assertThat(a).containsExactly(new Reject(DIR.resolve("junk.jar"), "junk.jar", "", "is not a zip file"));
    }

    @Test
    void aRejectedSignedFileNamesItsSigner() {
        JarSignatures.Result sig = new JarSignatures.Result(true, "CN=Stranger", false, "signer CN=Stranger is not trusted");
        PluginFileChecker.Checked c = new PluginFileChecker.Checked(DIR.resolve("x.jar"), null, "x", "1.0.0",
                List.of(sig.problem()), List.of(), sig, "sha", false);
        List<Action> a = PluginReconciler.files(List.of(new OnDisk(c, 1, null)), Map.of());
        assertThat(a).containsExactly(new Reject(DIR.resolve("x.jar"), "x", "1.0.0", "signer CN=Stranger is not trusted", "CN=Stranger"));
    }

    @Test
    void anInvalidReplacementLeavesTheRunningVersionAlone() {
        List<Action> a = PluginReconciler.files(List.of(broken("hello-1.0.0.jar", "NexCage-Api-Version is missing")),
                map(installed("hello", "1.0.0", "hello-1.0.0.jar", "a")));
        // the running plugin's file is still there (broken): it is rejected, the bundle is not uninstalled
        assertThat(only(a, Reject.class)).hasSize(1);
        assertThat(only(a, Uninstall.class)).isEmpty();
    }

    @Test
    void aFileTheFrameworkRefusedStaysRejectedUntilItChanges() {
        OnDisk f = file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1);
        OnDisk refused = new OnDisk(f.checked(), 1, "the framework refused to install it: duplicate");
        List<Action> a = PluginReconciler.files(List.of(refused), Map.of());
        assertThat(a).containsExactly(new Reject(f.checked().file(), "hello", "1.0.0", "the framework refused to install it: duplicate"));
    }

    @Test
    void ofTwoVersionsTheHighestRunsAndTheOtherIsSuperseded() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1),
                file("hello-2.0.0.jar", "hello", "2.0.0", "b", 2)), Map.of());
        assertThat(((Install) only(a, Install.class).get(0)).file().fileName()).isEqualTo("hello-2.0.0.jar");
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> {
            assertThat(r.file().getFileName().toString()).isEqualTo("hello-1.0.0.jar");
            assertThat(r.reason()).isEqualTo("superseded by hello-2.0.0.jar (version 2.0.0); remove the older file");
        });
    }

    @Test
    void aNewerVersionDroppedBesideTheRunningOneUpdatesIt() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1),
                file("hello-1.1.0.jar", "hello", "1.1.0", "b", 5)), map(installed("hello", "1.0.0", "hello-1.0.0.jar", "a")));
        assertThat(only(a, Update.class)).singleElement().satisfies(u -> assertThat(u.file().fileName()).isEqualTo("hello-1.1.0.jar"));
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("superseded by hello-1.1.0.jar"));
    }

    @Test
    void aSnapshotQualifierDoesNotBeatTheRelease() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.SNAPSHOT.jar", "hello", "1.0.0.SNAPSHOT", "a", 1),
                file("hello-1.0.1.jar", "hello", "1.0.1", "b", 2)), Map.of());
        assertThat(((Install) only(a, Install.class).get(0)).file().fileName()).isEqualTo("hello-1.0.1.jar");
        assertThat(PluginReconciler.compareVersions("1.0.0.SNAPSHOT", "1.0.0")).isPositive();
        assertThat(PluginReconciler.compareVersions("1.0.0.SNAPSHOT", "1.0.1")).isNegative();
        assertThat(PluginReconciler.compareVersions("1.10.0", "1.9.9")).isPositive();
    }

    @Test
    void ofTheSameVersionWithAndWithoutQualifierTheRejectionSaysWhichWinsAndWhy() {
        List<Action> a = PluginReconciler.files(List.of(file("hello-1.0.0.jar", "hello", "1.0.0", "a", 1),
                file("hello-1.0.0.SNAPSHOT.jar", "hello", "1.0.0.SNAPSHOT", "b", 2)), Map.of());
        assertThat(((Install) only(a, Install.class).get(0)).file().fileName()).isEqualTo("hello-1.0.0.SNAPSHOT.jar");
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("superseded by hello-1.0.0.SNAPSHOT.jar (version 1.0.0.SNAPSHOT): both are 1.0.0, and OSGi orders qualifier "
                        + "'SNAPSHOT' above none (a qualified build wins over the same version without one)"));
    }

    @Test
    void ofTwoFilesWithTheSameVersionTheLaterIsRejectedNamingTheFirst() {
        List<Action> a = PluginReconciler.files(List.of(file("b-copy.jar", "hello", "1.0.0", "b", 2),
                file("a-first.jar", "hello", "1.0.0", "a", 1)), Map.of());
        assertThat(((Install) only(a, Install.class).get(0)).file().fileName()).isEqualTo("a-first.jar");
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> {
            assertThat(r.file().getFileName().toString()).isEqualTo("b-copy.jar");
            assertThat(r.reason()).isEqualTo("plugin hello 1.0.0 is already provided by a-first.jar; remove one of the two files");
        });
    }

    @Test
    void ofTwoEqualFilesTheInstalledOneKeepsRunningEvenIfNewer() {
        List<Action> a = PluginReconciler.files(List.of(file("old.jar", "hello", "1.0.0", "x", 1), file("running.jar", "hello", "1.0.0", "a", 9)),
                map(installed("hello", "1.0.0", "running.jar", "a")));
        assertThat(only(a, Install.class)).isEmpty();
        assertThat(only(a, Update.class)).isEmpty();
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> assertThat(r.reason()).contains("already provided by running.jar"));
    }

    @Test
    void aDuplicateInTheOtherDirectoryIsNamedWithItsPath() {
        List<Action> a = PluginReconciler.files(List.of(file(SYSTEM, "docker-0.8.0.jar", "docker", "0.8.0", "a", 1),
                file("docker-0.8.0.jar", "docker", "0.8.0", "b", 2)), Map.of());
        assertThat(only(a, Reject.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("plugin docker 0.8.0 is already provided by /runtime/plugins/docker-0.8.0.jar; remove one of the two files"
                        + " (this one is /plugins/docker-0.8.0.jar)"));
    }

    // ---- running --------------------------------------------------------------------------------

    @Test
    void anEnabledPluginWithoutDependenciesStarts() {
        assertThat(PluginReconciler.running(map(running("hello", "1.0.0", false, true, null)))).containsExactly(new Start("hello"));
    }

    @Test
    void anActivePluginIsLeftAlone() {
        assertThat(PluginReconciler.running(map(running("hello", "1.0.0", true, true, null)))).isEmpty();
    }

    @Test
    void aDisabledPluginStopsAndShowsNoFailure() {
        assertThat(PluginReconciler.running(map(running("hello", "1.0.0", true, false, null))))
                .containsExactly(new Stop("hello", "it is disabled"), new Fail("hello", null));
        assertThat(PluginReconciler.running(map(running("hello", "1.0.0", false, false, null)))).containsExactly(new Fail("hello", null));
    }

    @Test
    void aStuckPluginIsNeverStartedOrStopped() {
        Installed stuck = new Installed("hello", "1.0.0", DIR.resolve("h.jar"), "a", true, false, true, true, false, List.of());
        assertThat(PluginReconciler.running(map(stuck))).isEmpty();
    }

    @Test
    void aPluginWhoseStartFailedIsNotRetriedUntilSomethingChanges() {
        Installed failed = new Installed("hello", "1.0.0", DIR.resolve("h.jar"), "a", true, false, true, false, true, List.of());
        assertThat(PluginReconciler.running(map(failed))).isEmpty();
    }

    @Test
    void aMissingDependencyFailsThePluginNamingIt() {
        List<Action> a = PluginReconciler.running(map(running("shout", "1.0.0", false, true, "hello;version=\"[1.0,2)\"")));
        assertThat(a).containsExactly(new Fail("shout",
                "missing dependency hello [1.0,2): install a plugin named hello in that version range"));
    }

    @Test
    void aDependencyInRangeAndActiveLetsItStart() {
        List<Action> a = PluginReconciler.running(map(running("hello", "1.2.0", true, true, null),
                running("shout", "1.0.0", false, true, "hello;version=\"[1.0,2)\"")));
        assertThat(a).containsExactly(new Start("shout"));
    }

    @Test
    void aDependencyOutOfRangeFailsThePlugin() {
        List<Action> a = PluginReconciler.running(map(running("hello", "2.0.0", true, true, null),
                running("shout", "1.0.0", true, true, "hello;version=\"[1.0,2)\"")));
        String why = "dependency hello [1.0,2) is not met: version 2.0.0 is installed; install a version in that range";
        assertThat(a).containsExactly(new Stop("shout", why), new Fail("shout", why));
    }

    @Test
    void aDependencyThatIsNotActiveYetWaitsAndSaysWhy() {
        List<Action> a = PluginReconciler.running(map(running("hello", "1.0.0", false, true, null),
                running("shout", "1.0.0", false, true, "hello")));
        assertThat(a).containsExactly(new Start("hello"), new Fail("shout",
                "dependency hello 0.0.0 is installed but not active (see 'nexcage plugin info hello')"));
        List<Action> disabled = PluginReconciler.running(map(running("hello", "1.0.0", false, false, null),
                running("shout", "1.0.0", false, true, "hello")));
        assertThat(only(disabled, Fail.class)).contains(new Fail("shout",
                "dependency hello 0.0.0 is installed but not active (it is disabled; enable it)"));
    }

    @Test
    void aDependencyCycleIsRejectedNamingThePath() {
        List<Action> a = PluginReconciler.running(map(running("a", "1.0.0", false, true, "b"), running("b", "1.0.0", false, true, "a")));
        assertThat(only(a, Start.class)).isEmpty();
        assertThat(only(a, Fail.class)).extracting(Fail::reason).containsExactly(
                "dependency cycle: a -> b -> a; remove one of the dependencies",
                "dependency cycle: b -> a -> b; remove one of the dependencies");
    }

    @Test
    void dependentsAreTheActivePluginsThatNeedIt() {
        Map<String, Installed> m = map(running("hello", "1.0.0", true, true, null), running("shout", "1.0.0", true, true, "hello"),
                running("quiet", "1.0.0", false, true, "hello"));
        assertThat(PluginReconciler.dependents("hello", m)).containsExactly("shout");
    }
}
