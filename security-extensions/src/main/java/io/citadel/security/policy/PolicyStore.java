package io.citadel.security.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the policy set in force and reloads it from files. {@link #reload()} builds a complete new
 * set first and swaps it in with one atomic write, so a decision always sees exactly one set (never
 * a mix), and a bad file leaves the old set in force. Thread-safe: decisions run lock-free on any
 * thread; reloads may come from any thread (concurrent reloads are serialised).
 */
public final class PolicyStore implements PolicyEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final List<Path> files;
    private final PolicyLoader loader;
    private final AtomicReference<PolicySet> current;

    /** Loads {@code files} now; throws {@link PolicyFileException} if they are bad (fail at start). */
    public PolicyStore(List<Path> files, PolicyLoader loader) {
        this.files = List.copyOf(files);
        this.loader = Objects.requireNonNull(loader, "loader");
        this.current = new AtomicReference<>(loader.load(this.files));
    }

    /** The set in force. */
    public PolicySet current() {
        return current.get();
    }

    /**
     * Reloads the files. On success the new set is in force and returned; on failure the old set
     * stays in force, the error is logged and rethrown.
     */
    public synchronized PolicySet reload() {
        try {
            PolicySet next = loader.load(files);
            current.set(next);
            return next;
        } catch (PolicyFileException e) {
            LOG.error("Policy reload refused, keeping [{}]: {}", current.get(), e.getMessage());
            throw e;
        }
    }

    @Override
    public Decision evaluate(AccessRequest request) {
        return current.get().evaluate(request);
    }
}
