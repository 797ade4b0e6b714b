package io.citadel.security.authz;

import io.citadel.security.audit.AuditLog;
import io.citadel.security.audit.AuditRecord;
import io.citadel.security.policy.AccessRequest;
import io.citadel.security.policy.Actions;
import io.citadel.security.policy.Decision;
import io.citadel.security.policy.InvalidResourceException;
import io.citadel.security.policy.PolicySet;
import io.citadel.security.policy.PolicyStore;
import io.citadel.security.policy.PrincipalCanonicalizer;
import io.citadel.security.policy.ResourceNormalizer;
import io.citadel.security.policy.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides and audits one action of an authenticated principal: the call the leading master makes
 * before every privileged step. Synchronous on the caller's thread, because a decision costs well
 * under a microsecond and an actor round trip would cost a thousand times more.
 *
 * <h2>Flow of {@link #authorize}</h2>
 * <ol>
 *   <li>The caller turns the Kerberos acceptor's principal into a {@link Subject} once
 *       ({@link #subject(String)}); that canonical name is the one used for the decision, the cache
 *       key and the audit record.</li>
 *   <li>The resource values are normalised ({@link ResourceNormalizer}) and the decision is looked up
 *       in a short-lived cache keyed by canonical name + action + normalised resource; a miss asks the
 *       {@link PolicyStore}. Entries die after {@code cacheTtl} and all at once when the policies are
 *       reloaded (a generation number), so a revoked permission lasts at most one TTL.</li>
 *   <li>Every refusal and every allow of a {@link #PRIVILEGED} action is offered to the
 *       {@link AuditLog}. (A policy's audit flag is not consulted: the rule is fixed so that no policy
 *       file can hide a privileged action, and so that reads do not flood the log.) A privileged action is <em>refused</em> when the log is
 *       unhealthy or does not accept the record (queue full): no privileged action goes unaudited.
 *       Such a refusal is logged at ERROR and has policy id {@link #AUDIT_UNAVAILABLE}.</li>
 * </ol>
 * Thread-safe: any number of threads may call it, also during {@link #reloadPolicies()}.
 */
public final class AuthorizationService {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationService.class);

    /** Actions whose allows are always audited, and refused when the audit log cannot take them. */
    public static final Set<String> PRIVILEGED = Set.of(Actions.REGISTER_FRAMEWORK, Actions.RUN_TASK,
            Actions.TEARDOWN_FRAMEWORK, Actions.KILL_TASK, Actions.RESERVE, Actions.UNRESERVE, Actions.UPDATE_QUOTA,
            Actions.UPDATE_WEIGHT, Actions.REGISTER_AGENT, Actions.DRAIN_AGENT, Actions.MARK_AGENT_GONE,
            Actions.MANAGE_POLICIES);

    /** Policy id of a privileged action refused because it could not be audited. */
    public static final String AUDIT_UNAVAILABLE = "audit-unavailable";

    /** Policy id of a request whose principal could not be canonicalised. */
    public static final String INVALID_PRINCIPAL = "invalid-principal";

    private record Key(String user, String action, Map<String, String> resource) {
    }

    private record Cached(Decision decision, long expiresAtNanos, long generation) {
    }

    private final PolicyStore store;
    private final PrincipalCanonicalizer canonicalizer;
    private final AuditLog audit;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong auditRefusals = new AtomicLong();

    /**
     * @param nanoTime monotonic clock for cache expiry ({@code System::nanoTime} outside tests)
     */
    public AuthorizationService(PolicyStore store, PrincipalCanonicalizer canonicalizer, AuditLog audit,
                                Duration cacheTtl, int cacheMaxEntries, LongSupplier nanoTime) {
        this.store = Objects.requireNonNull(store, "store");
        this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.ttlNanos = cacheTtl.toNanos();
        this.maxEntries = cacheMaxEntries;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** The subject of the acceptor's principal {@code kerberosName}; throws if a rule maps it to nothing. */
    public Subject subject(String kerberosName) {
        return canonicalizer.subject(kerberosName);
    }

    /**
     * Decides whether the authenticated principal {@code kerberosName} may do {@code action} on
     * {@code resource}, and audits the decision. Never throws for bad input: it is refused.
     */
    public Decision authorize(String kerberosName, String action, Map<String, String> resource, String requestId,
                              long epoch) {
        Subject subject;
        try {
            subject = subject(kerberosName);
        } catch (RuntimeException e) {
            Decision d = new Decision(false, INVALID_PRINCIPAL, e.getMessage(), true);
            auditAndEnforce(kerberosName, action, describe(resource), d, requestId, epoch);
            return d;
        }
        return authorize(subject, action, resource, requestId, epoch);
    }

    /** As {@link #authorize(String, String, Map, String, long)}, for a subject already canonicalised. */
    public Decision authorize(Subject subject, String action, Map<String, String> resource, String requestId,
                              long epoch) {
        Decision d = decide(subject, action, resource);
        return auditAndEnforce(subject.user(), action, describe(resource), d, requestId, epoch);
    }

    /** The decision without auditing or caching: an operator's dry run. */
    public Decision dryRun(String kerberosName, String action, Map<String, String> resource) {
        Subject subject;
        try {
            subject = subject(kerberosName);
        } catch (RuntimeException e) {
            return new Decision(false, INVALID_PRINCIPAL, e.getMessage(), false);
        }
        return store.evaluate(AccessRequest.of(subject, action, resource));
    }

    /**
     * Reloads the policy files; on success the new set is in force and every cached decision is
     * dropped. On failure the old set stays in force and the {@code PolicyFileException} is thrown.
     */
    public PolicySet reloadPolicies() {
        PolicySet set = store.reload();
        generation.incrementAndGet();
        cache.clear();
        return set;
    }

    /** The policy set in force. */
    public PolicySet policies() {
        return store.current();
    }

    /** Decisions computed by the engine (cache misses), for tests and metrics. */
    public long evaluations() {
        return evaluations.get();
    }

    /** Privileged actions refused because the audit log could not take them. */
    public long auditRefusals() {
        return auditRefusals.get();
    }

    private Decision decide(Subject subject, String action, Map<String, String> resource) {
        Map<String, String> normalised;
        try {
            normalised = normalise(resource);
        } catch (InvalidResourceException e) {
            return store.evaluate(AccessRequest.of(subject, action, resource)); // the engine explains the refusal
        }
        if (ttlNanos <= 0) {
            evaluations.incrementAndGet();
            return store.evaluate(AccessRequest.of(subject, action, normalised));
        }
        // Groups and roles come from configuration keyed by the canonical name, so the name suffices.
        Key key = new Key(subject.user(), action, normalised);
        long now = nanoTime.getAsLong();
        long gen = generation.get();
        Cached hit = cache.get(key);
        if (hit != null && hit.generation() == gen && now - hit.expiresAtNanos() < 0) {
            return hit.decision();
        }
        evaluations.incrementAndGet();
        Decision d = store.evaluate(AccessRequest.of(subject, action, normalised));
        if (cache.size() >= maxEntries) {
            cache.clear();
        }
        cache.put(key, new Cached(d, now + ttlNanos, gen));
        return d;
    }

    private Decision auditAndEnforce(String user, String action, String object, Decision d, String requestId, long epoch) {
        boolean privileged = PRIVILEGED.contains(action);
        if (d.allowed() && !privileged) {
            return d;
        }
        AuditRecord record = new AuditRecord(user, action, object, d.allowed(), d.policyId(), requestId, epoch);
        boolean written = audit.healthy() && audit.offer(record);
        if (written) {
            return d;
        }
        if (d.allowed() && privileged) {
            auditRefusals.incrementAndGet();
            LOG.error("Refusing [{}] of [{}] on [{}] (request [{}]): the audit log cannot record it (unhealthy or full)",
                    action, user, object, requestId);
            Decision refused = new Decision(false, AUDIT_UNAVAILABLE,
                    "the audit log cannot record this privileged action; refused until it recovers", true);
            audit.offer(new AuditRecord(user, action, object, false, AUDIT_UNAVAILABLE, requestId, epoch));
            return refused;
        }
        LOG.error("Audit record lost (log unhealthy or full): [{}] [{}] on [{}] -> [{}] by [{}]", user, action, object,
                d.allowed() ? "ALLOW" : "DENY", d.policyId());
        return d;
    }

    private static Map<String, String> normalise(Map<String, String> resource) {
        if (resource.size() == 1) {
            var e = resource.entrySet().iterator().next();
            return Map.of(e.getKey(), ResourceNormalizer.normalize(e.getKey(), e.getValue()));
        }
        Map<String, String> out = new TreeMap<>();
        resource.forEach((k, v) -> out.put(k, ResourceNormalizer.normalize(k, v)));
        return Map.copyOf(out);
    }

    /** The object as written to the audit log: {@code kind=value} pairs in kind order. */
    static String describe(Map<String, String> resource) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(resource).forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }
}
