package nexcage.accounting.internal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import nexcage.security.admin.Violation;
import nexcage.security.admin.Violations;

/** Keeps what the sampler records, as "plugin operation: detail". */
final class RecordedViolations implements Violations {

    final List<String> recorded = new CopyOnWriteArrayList<>();

    @Override
    public Violation record(String plugin, String capability, String operation, String detail) {
        recorded.add(plugin + " " + operation + ": " + detail);
        return new Violation(Instant.EPOCH, plugin, capability, operation, detail, 1);
    }

    @Override
    public List<Violation> list(String plugin) {
        return List.of();
    }
}
