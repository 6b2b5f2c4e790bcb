package nexcage.core.internal.plugins;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import nexcage.core.internal.daemon.DaemonLog;
import nexcage.core.internal.daemon.IdlePools;

/**
 * The plugin directories as files (DESIGN §3): the user's {@code plugin_dir} (which may change
 * with config.yaml) and the read-only system directory beside the runtime jar. Watches both with a
 * WatchService and tells the deployer when something moved; a scan lists the plugin files, checks
 * each once per change, and holds back a file that is not a complete zip until it has stopped
 * changing for {@link #SETTLE_MS} (a rename into the directory is taken at once). Used only on the
 * deployer's thread, apart from the watch thread, which only calls {@code onChange}.
 */
final class PluginDirectory {
    /** A file that is not a complete zip is judged only once it has not changed for this long. */
    static final long SETTLE_MS = 300;
    /** The backstop rescan, for changes a WatchService misses (some file systems report none). */
    static final long RESCAN_MS = 2000;

    /** At most this many files are checked at once, each on a thread of its own, off the deployer's thread. */
    static final int CHECK_THREADS = 3;

    /**
     * What a scan found: the settled, checked files; whether some are still being written (scan
     * again soon); whether some are being checked (a sync follows when each check ends).
     */
    record Scan(List<PluginReconciler.OnDisk> files, boolean waiting, boolean checking) {
    }

    /** A file's size, time and identity (a rename over it changes the inode even if size and time match). */
    private record Seen(long size, long mtime, Object key, long since) {
        boolean same(BasicFileAttributes a) {
            return size == a.size() && mtime == a.lastModifiedTime().toMillis() && java.util.Objects.equals(key, a.fileKey());
        }
    }

    private final Supplier<Path> userDir;
    /** Masks what came from ${...} in config.yaml (the directory may be one, DESIGN §7). */
    private final java.util.function.UnaryOperator<String> masked;
    private final Path systemDir;
    private final DaemonLog log;
    private final Runnable onChange;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, PluginFileChecker.Checked> checked = new HashMap<>();
    /**
     * Checks under way. A file is checked off the deployer's thread, so a slow one (a zip bomb up
     * to the caps) holds up neither the daemon's commands nor the other plugins.
     */
    private final Map<Path, CompletableFuture<PluginFileChecker.Checked>> pending = new HashMap<>();
    private final ExecutorService checks = IdlePools.fixed("nexcage-plugin-check", CHECK_THREADS);
    /** Files the framework refused to install, with the reason, until they change. */
    private final Map<Path, String> refused = new HashMap<>();
    private volatile boolean open;
    private Path watchedDir;
    private WatchService watcher;

    PluginDirectory(Supplier<Path> userDir, Path systemDir, DaemonLog log, java.util.function.UnaryOperator<String> masked,
            Runnable onChange) {
        this.masked = masked;
        this.userDir = userDir;
        this.systemDir = systemDir != null && Files.isDirectory(systemDir) ? systemDir : null;
        this.log = log;
        this.onChange = onChange;
    }

    Path userDir() {
        return userDir.get();
    }

    /** True for a file of the read-only system directory, which {@code plugin remove} leaves alone. */
    boolean isSystem(Path file) {
        return systemDir != null && file != null && file.startsWith(systemDir);
    }

    /** Starts watching, or follows the user's directory to where config.yaml now puts it. */
    void watch() {
        Path dir = userDir.get();
        if (open && dir.equals(watchedDir)) {
            return;
        }
        if (open) {
            log.info("plugins", masked.apply("the plugin directory is now " + dir + " (was " + watchedDir + ")"));
            close();
        }
        open = true;
        watchedDir = dir;
        try {
            Files.createDirectories(dir);
            watcher = FileSystems.getDefault().newWatchService();
            register(dir);
            if (systemDir != null) {
                register(systemDir);
            }
        } catch (IOException e) {
            log.warn("plugins", masked.apply("cannot watch the plugin directory " + dir + " (" + e.getMessage() + "); changes are picked up every "
                    + RESCAN_MS / 1000 + " s instead"));
            return;
        }
        WatchService w = watcher;
        Thread t = new Thread(() -> {
            try {
                while (open) {
                    var key = w.take();
                    key.pollEvents();
                    key.reset();
                    onChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // the daemon is stopping, or the directory changed
            }
        }, "nexcage-plugin-watch");
        t.setDaemon(true);
        t.start();
    }

    private void register(Path dir) throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    }

    void close() {
        open = false;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops the checks for good (the daemon is stopping). */
    void stop() {
        close();
        checks.shutdownNow();
    }

    /** Lists, checks (once per change of a file, in the background) and settles the files of both directories. */
    Scan scan(PluginFileChecker checker) {
        List<Path> files = files();
        long now = System.currentTimeMillis();
        boolean waiting = false;
        boolean checking = false;
        List<PluginReconciler.OnDisk> out = new ArrayList<>();
        for (Path f : files) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f, BasicFileAttributes.class);
            } catch (IOException e) {
                continue;
            }
            Seen prev = seen.get(f);
            if (prev == null || !prev.same(a)) {
                prev = new Seen(a.size(), a.lastModifiedTime().toMillis(), a.fileKey(), now);
                seen.put(f, prev);
                checked.remove(f);
                refused.remove(f);
                pending.remove(f);
            }
            PluginFileChecker.Checked c = checked.get(f);
            if (c == null) {
                CompletableFuture<PluginFileChecker.Checked> check = pending.computeIfAbsent(f, p -> submit(p, checker));
                if (!check.isDone()) {
                    checking = true;
                    continue;
                }
                pending.remove(f);
                c = check.join();
                if (c == null) {
                    // the file changed while it was copied: it is settled and checked again
                    waiting = true;
                    continue;
                }
                checked.put(f, c);
            }
            // A complete zip is taken at once (a rename, or a copy that has finished). One that is not
            // a zip yet is most likely still being written: it is judged only once it has stopped changing.
            if (c.incomplete() && now - prev.since() < SETTLE_MS) {
                waiting = true;
                checked.remove(f);
                continue;
            }
            out.add(new PluginReconciler.OnDisk(c, prev.mtime(), refused.get(f)));
        }
        seen.keySet().retainAll(files);
        checked.keySet().retainAll(files);
        pending.keySet().retainAll(files);
        refused.keySet().retainAll(files);
        return new Scan(out, waiting, checking);
    }

    /**
     * Checks the file on a checker thread; the result is null when the file changed meanwhile
     * (its size, time or inode), so it is not taken for what was checked. A sync follows.
     */
    private CompletableFuture<PluginFileChecker.Checked> submit(Path f, PluginFileChecker checker) {
        CompletableFuture<PluginFileChecker.Checked> check = CompletableFuture.supplyAsync(() -> {
            try {
                BasicFileAttributes before = Files.readAttributes(f, BasicFileAttributes.class);
                PluginFileChecker.Checked c = checker.check(f);
                BasicFileAttributes after = Files.readAttributes(f, BasicFileAttributes.class);
                Seen s = new Seen(before.size(), before.lastModifiedTime().toMillis(), before.fileKey(), 0);
                return s.same(after) ? c : null;
            } catch (IOException e) {
                return null;
            } catch (RuntimeException e) {
                return new PluginFileChecker.Checked(f, null, f.getFileName().toString(), "",
                        List.of("cannot be checked (" + e + "); see the daemon log and report it"), List.of(), null, null, false);
            }
        }, checks);
        check.whenComplete((c, e) -> onChange.run());
        return check;
    }

    /** Waits (bounded) until the checks under way have ended; says so in the log when they did not. */
    void awaitChecks(long seconds) {
        if (!awaitChecksQuietly(seconds * 1000)) {
            log.warn("plugins", "checking the plugin files took longer than " + seconds + " s; the files still being checked are taken later");
        }
    }

    /** Waits at most this long, without a word, until the checks under way have ended; false when some still run. */
    boolean awaitChecksQuietly(long millis) {
        try {
            CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException failed) {
            // ended: a check that failed is reported by the scan that takes its result
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** True while a check is under way (its copy may exist before its result does). */
    boolean checksRunning() {
        return pending.values().stream().anyMatch(c -> !c.isDone());
    }

    /** The copies of files that passed their checks (the rest may be pruned): list the copies first, then ask. */
    java.util.Set<Path> checkedCopies() {
        java.util.Set<Path> out = new java.util.HashSet<>();
        // a rejected file is never installed from its copy (a zip bomb's copy goes at once)
        checked.values().stream().filter(PluginFileChecker.Checked::ok).forEach(c -> out.add(c.copy()));
        pending.values().stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                .filter(c -> c != null && c.ok()).forEach(c -> out.add(c.copy()));
        out.remove(null);
        return out;
    }

    /** The framework refused to install this file: it stays rejected with the reason until it changes. */
    void refused(Path file, String reason) {
        refused.put(file, reason);
    }

    /** The checks no longer hold (signature settings or trusted certificates changed): check every file again. */
    void forgetChecks() {
        checked.clear();
        pending.clear();
    }

    /** Forgets the check of one file, so the next scan checks it again. */
    void recheck(Path file) {
        checked.remove(file);
    }

    /** Remembers a check made outside a scan (a reload checks its file itself). */
    void checked(PluginFileChecker.Checked c) {
        checked.put(c.file(), c);
    }

    /** The plugin files of both directories now, checked or not (a listing only: safe on any thread). */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (systemDir != null) {
            files.addAll(pluginFiles(systemDir));
        }
        files.addAll(pluginFiles(userDir.get()));
        return files;
    }

    /** The files of the user's directory that carry the named plugin (by their last check). */
    List<Path> filesOf(String name) {
        List<Path> out = new ArrayList<>();
        for (Path f : pluginFiles(userDir.get())) {
            PluginFileChecker.Checked c = checked.get(f);
            if (c != null && c.listedName().equals(name)) {
                out.add(f);
            }
        }
        return out;
    }

    private List<Path> pluginFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && (n.endsWith(".nexcage-plugin") || n.endsWith(".jar"))) {
                    // directories, FIFOs and the like too: the checker rejects them with a reason (from a stat; a FIFO is never opened)
                    files.add(p);
                }
            }
        } catch (IOException e) {
            log.error("plugins", masked.apply("cannot read the plugin directory " + dir + ": " + e.getMessage() + "; check its permissions"));
        }
        files.sort(null);
        return files;
    }
}
