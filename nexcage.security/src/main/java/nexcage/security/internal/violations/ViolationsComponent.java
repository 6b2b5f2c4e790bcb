package nexcage.security.internal.violations;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import nexcage.security.admin.Violation;
import nexcage.security.admin.ViolationListener;
import nexcage.security.admin.Violations;

/**
 * The violations record as a service: {@code $NEXCAGE_STATE/security/violations.json} (the bundle's
 * data area when no state directory is set), and each new occurrence told to every
 * {@link ViolationListener}.
 */
@Component(service = Violations.class, immediate = true)
public final class ViolationsComponent implements Violations {
    static final String STATE_PROPERTY = "nexcage.state";

    private final Logger log;
    private final ViolationStore store;
    private final List<ViolationListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public ViolationsComponent(BundleContext context, @Reference(service = LoggerFactory.class) Logger log) {
        this.log = log;
        this.store = new ViolationStore(file(context), ViolationStore.DEFAULT_CAPACITY, ViolationStore.DEFAULT_COALESCE,
                Clock.systemUTC(), log::warn);
    }

    static Path file(BundleContext context) {
        String state = context.getProperty(STATE_PROPERTY);
        Path dir = state == null || state.isBlank() ? context.getDataFile("").toPath() : Paths.get(state);
        return dir.resolve("security").resolve("violations.json");
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ViolationListener l) {
        listeners.add(l);
    }

    void removeListener(ViolationListener l) {
        listeners.remove(l);
    }

    @Override
    public Violation record(String plugin, String capability, String operation, String detail) {
        Violation v = store.record(plugin, capability, operation, detail);
        ListenerCalls.tellEach(listeners, v, (l, e) -> log.warn("violation listener {} failed on {}: {}", l.getClass().getName(), v, e.toString()));
        return v;
    }

    @Override
    public List<Violation> list(String plugin) {
        return store.list(plugin);
    }
}
