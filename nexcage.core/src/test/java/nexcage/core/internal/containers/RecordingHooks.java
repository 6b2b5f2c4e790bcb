package nexcage.core.internal.containers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nexcage.api.hooks.HookDispatcher;
import nexcage.api.hooks.HookResult;

/** A hook dispatcher that records what was fired and vetoes the hooks it is told to. */
final class RecordingHooks implements HookDispatcher {
    /** One fired hook. */
    record Fired(String hook, Map<String, String> metadata) {
    }

    final List<Fired> fired = new ArrayList<>();
    private final Map<String, String> vetoes = new HashMap<>();

    RecordingHooks veto(String hook, String reason) {
        vetoes.put(hook, reason);
        return this;
    }

    @Override
    public synchronized HookResult fire(String hook, String source, Map<String, String> metadata) {
        fired.add(new Fired(hook, Map.copyOf(metadata)));
        String reason = vetoes.get(hook);
        return new HookResult(hook, reason != null, reason == null ? null : "policy", reason, metadata, 1, 0, 0, false);
    }

    synchronized List<String> names() {
        return fired.stream().map(Fired::hook).toList();
    }

    synchronized Map<String, String> last(String hook) {
        return fired.stream().filter(f -> f.hook().equals(hook)).reduce((a, b) -> b).orElseThrow().metadata();
    }
}
