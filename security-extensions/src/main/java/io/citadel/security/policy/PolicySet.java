package io.citadel.security.policy;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, fully loaded set of policies: Ranger-style policies and, optionally, Mesos ACLs.
 * Thread-safe; swapped as a whole by {@link PolicyStore}.
 *
 * <h2>How a request is decided</h2>
 * <ol>
 *   <li>Resource values are normalised ({@link ResourceNormalizer}); a value that cannot be is
 *       denied ({@link Decision#INVALID_REQUEST}).</li>
 *   <li>Ranger-style policies decide first (see {@link RangerEvaluator} for the precedence, with a
 *       worked example).</li>
 *   <li>If none determined a result, the Mesos rules of the action decide: first match wins.</li>
 *   <li>If still nothing matched: allowed only when Mesos ACLs are loaded and say
 *       {@code permissive: true}; otherwise denied ({@link Decision#NO_MATCH}).</li>
 * </ol>
 * The action {@link Actions#ANY_ACCESS} asks whether <em>any</em> action is allowed on the resource:
 * it is evaluated once for every known action and allowed by the first one that is.
 */
public final class PolicySet implements PolicyEngine {

    private final RangerEvaluator ranger;
    private final MesosAcls mesos;
    private final Map<String, MesosAcls.Compiled> mesosByAction;
    private final List<String> anyAccessActions;
    private final String description;

    /**
     * @param policies Ranger-style policies (disabled ones are kept out of evaluation)
     * @param mesos Mesos ACLs, or {@code null} when no Mesos file is loaded
     * @param description where the set came from, for logs
     */
    public PolicySet(List<RangerPolicy> policies, MesosAcls mesos, String description) {
        this.ranger = new RangerEvaluator(policies);
        this.mesos = mesos;
        Map<String, MesosAcls.Compiled> compiled = new HashMap<>();
        Set<String> anyActions = new LinkedHashSet<>(ranger.knownActions());
        if (mesos != null) {
            mesos.rules().forEach((action, rules) -> compiled.put(action, new MesosAcls.Compiled(rules)));
            anyActions.addAll(mesos.rules().keySet());
        }
        this.mesosByAction = Map.copyOf(compiled);
        this.anyAccessActions = List.copyOf(anyActions);
        this.description = description;
    }

    /** An empty set: denies everything. */
    public static PolicySet empty() {
        return new PolicySet(List.of(), null, "empty");
    }

    /** Number of enabled Ranger-style policies in force. */
    public int policyCount() {
        return ranger.size();
    }

    /** Number of Mesos ACL rules in force. */
    public int ruleCount() {
        return mesos == null ? 0 : mesos.ruleCount();
    }

    /** Where this set was loaded from. */
    public String description() {
        return description;
    }

    @Override
    public Decision evaluate(AccessRequest request) {
        Map<String, String> resource;
        try {
            resource = normalize(request.resource());
        } catch (InvalidResourceException e) {
            return Decision.deny(Decision.INVALID_REQUEST, e.getMessage(), true);
        }
        if (request.action().equals(Actions.ANY_ACCESS)) {
            return evaluateAny(request, resource);
        }
        return decide(request, resource);
    }

    private Decision evaluateAny(AccessRequest request, Map<String, String> resource) {
        for (String action : anyAccessActions) {
            Decision d = decide(request.withAction(action), resource);
            if (d.allowed()) {
                return Decision.allow(d.policyId(), "any access: " + action + " " + d.reason(), d.audit());
            }
        }
        return Decision.deny(Decision.NO_MATCH, "any access: no action is allowed", true);
    }

    private Decision decide(AccessRequest request, Map<String, String> resource) {
        Decision d = ranger.evaluate(request, resource);
        if (d != null) {
            return d;
        }
        if (mesos == null) {
            return Decision.deny(Decision.NO_MATCH, "no policy matched", true);
        }
        MesosAcls.Compiled rules = mesosByAction.get(request.action());
        MesosAcls.Rule rule = rules == null ? null : rules.firstMatch(request.user(), resource);
        if (rule != null) {
            boolean allowed = MesosAcls.Compiled.allows(rule, resource);
            return new Decision(allowed, rule.id(), (allowed ? "allowed" : "denied") + " by ACL " + rule.id(), true);
        }
        return mesos.permissive()
                ? Decision.allow(Decision.PERMISSIVE, "no ACL matched; permissive", true)
                : Decision.deny(Decision.NO_MATCH, "no ACL matched; not permissive", true);
    }

    /** Returns the request's own map when every value is already canonical (the common case). */
    private static Map<String, String> normalize(Map<String, String> resource) {
        Map<String, String> out = null;
        for (Map.Entry<String, String> e : resource.entrySet()) {
            String n = ResourceNormalizer.normalize(e.getKey(), e.getValue());
            if (!n.equals(e.getValue())) {
                if (out == null) {
                    out = new HashMap<>(resource);
                }
                out.put(e.getKey(), n);
            }
        }
        return out == null ? resource : out;
    }

    @Override
    public String toString() {
        return "PolicySet[" + description + ": " + policyCount() + " policies, " + ruleCount() + " ACL rules]";
    }
}
