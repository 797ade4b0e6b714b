package io.citadel.security.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates Ranger-style policies, indexed for speed. Immutable and thread-safe once built.
 *
 * <h2>Precedence</h2>
 * Policies are ordered by priority ({@code OVERRIDE} before {@code NORMAL}); within one priority,
 * policies with deny items come before allow-only ones, then file order. For each priority in turn:
 * <ol>
 *   <li>if any applicable policy of that priority has a matching deny item that no deny exception of
 *       the same policy cancels, the answer is DENY (reported with the first such policy);</li>
 *   <li>otherwise, if one has a matching allow item that no allow exception of the same policy
 *       cancels, the answer is ALLOW (the first such policy);</li>
 *   <li>otherwise the next lower priority is tried.</li>
 * </ol>
 * The first priority that determines a result wins; when none does, the caller applies the default.
 * Disabled policies are not compiled at all.
 *
 * <p><b>Worked example.</b> P1 (NORMAL): role {@code eng} recursive, allow group {@code eng} all
 * accesses. P2 (NORMAL): role {@code eng/secret}, deny group {@code eng} {@code register_framework},
 * deny exception user {@code alice}. P3 (OVERRIDE): role {@code eng/secret}, allow user {@code bob}
 * {@code register_framework}. Then {@code register_framework} on {@code eng/secret} by:
 * <ul>
 *   <li>{@code carol} (group eng): OVERRIDE tier - P3 does not match carol; NORMAL tier - P2 denies
 *       (deny beats P1's allow at equal priority) &rarr; DENY by P2;</li>
 *   <li>{@code alice} (group eng): P2's deny is cancelled by its exception, P1 allows &rarr; ALLOW by P1;</li>
 *   <li>{@code bob} (group eng): P3 allows in the OVERRIDE tier, so P2's deny is never reached
 *       &rarr; ALLOW by P3.</li>
 * </ul>
 *
 * <h2>Index</h2>
 * Per action (policies whose items grant {@code *} are entered under every action), each policy is
 * filed under one of its resource kinds by the literal index key of each value (see
 * {@link ResourceKind}); policies with no literal key (leading wildcard, excludes) go to a fallback
 * list. A request looks up one bucket per resource kind it names, merges them with the fallback list
 * by ordinal and evaluates only those candidates.
 */
final class RangerEvaluator {

    private static final CompiledPolicy[] NONE = new CompiledPolicy[0];

    /** Candidates for one action. */
    private record ActionIndex(Map<String, Map<String, CompiledPolicy[]>> buckets, CompiledPolicy[] fallback) {
    }

    private final Map<String, ActionIndex> byAction;
    private final ActionIndex anyAction;
    private final List<String> knownActions;
    private final int size;

    RangerEvaluator(List<RangerPolicy> policies) {
        List<RangerPolicy> enabled = new ArrayList<>();
        for (RangerPolicy p : policies) {
            if (p.enabled()) {
                enabled.add(p);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < enabled.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, RangerPolicy.Priority>comparing(i -> enabled.get(i).priority())
                .thenComparing(i -> enabled.get(i).deny().isEmpty())
                .thenComparing(i -> i));
        List<CompiledPolicy> compiled = new ArrayList<>();
        for (int ordinal = 0; ordinal < order.size(); ordinal++) {
            compiled.add(new CompiledPolicy(enabled.get(order.get(ordinal)), ordinal));
        }
        Set<String> actions = new LinkedHashSet<>(Actions.ALL);
        for (CompiledPolicy p : compiled) {
            for (String a : deciding(p.source)) {
                if (!a.equals(PolicyItem.ALL_ACCESSES)) {
                    actions.add(a);
                }
            }
        }
        this.knownActions = List.copyOf(actions);
        Map<String, Builder> builders = new HashMap<>();
        Builder any = new Builder();
        for (CompiledPolicy p : compiled) {
            Set<String> granted = deciding(p.source);
            if (granted.contains(PolicyItem.ALL_ACCESSES)) {
                any.add(p);
                for (String a : actions) {
                    builders.computeIfAbsent(a, k -> new Builder()).add(p);
                }
            } else {
                for (String a : granted) {
                    builders.computeIfAbsent(a, k -> new Builder()).add(p);
                }
            }
        }
        Map<String, ActionIndex> indexes = new HashMap<>();
        builders.forEach((a, b) -> indexes.put(a, b.build()));
        this.byAction = Map.copyOf(indexes);
        this.anyAction = any.build();
        this.size = compiled.size();
    }

    /** Number of enabled policies in force. */
    int size() {
        return size;
    }

    /** Actions that "any access" expands over. */
    List<String> knownActions() {
        return knownActions;
    }

    /** The decision of the policies, or {@code null} when no policy determined one. */
    Decision evaluate(AccessRequest request, Map<String, String> resource) {
        ActionIndex index = byAction.getOrDefault(request.action(), anyAction);
        if (resource.size() <= 1) {
            // The common case: one bucket and the fallback list, merged without allocating.
            CompiledPolicy[] bucket = NONE;
            for (Map.Entry<String, String> e : resource.entrySet()) {
                bucket = bucket(index, e.getKey(), e.getValue());
            }
            return run(request, resource, bucket, index.fallback);
        }
        List<CompiledPolicy> all = new ArrayList<>(List.of(index.fallback));
        for (Map.Entry<String, String> e : resource.entrySet()) {
            all.addAll(List.of(bucket(index, e.getKey(), e.getValue())));
        }
        all.sort(Comparator.comparingInt(p -> p.ordinal));
        return run(request, resource, all.toArray(NONE), NONE);
    }

    private static CompiledPolicy[] bucket(ActionIndex index, String kind, String value) {
        Map<String, CompiledPolicy[]> kindBuckets = index.buckets.get(kind);
        CompiledPolicy[] bucket = kindBuckets == null ? null : kindBuckets.get(ResourceKind.of(kind).indexKey(value));
        return bucket == null ? NONE : bucket;
    }

    /** Evaluates the union of two ordinal-sorted candidate lists in ordinal order. */
    private static Decision run(AccessRequest request, Map<String, String> resource, CompiledPolicy[] a,
                                CompiledPolicy[] b) {
        int i = 0;
        int j = 0;
        CompiledPolicy firstAllow = null;
        RangerPolicy.Priority tier = null;
        while (i < a.length || j < b.length) {
            CompiledPolicy p = j >= b.length || (i < a.length && a[i].ordinal < b[j].ordinal) ? a[i++] : b[j++];
            RangerPolicy.Priority priority = p.source.priority();
            if (firstAllow != null && (priority != tier || !p.hasDeny)) {
                break; // an allow stands once no deny-bearing policy of its tier is left
            }
            tier = priority;
            CompiledPolicy.Outcome outcome = p.evaluate(request, resource);
            if (outcome == CompiledPolicy.Outcome.DENY) {
                return p.denied;
            }
            if (outcome == CompiledPolicy.Outcome.ALLOW && firstAllow == null) {
                firstAllow = p;
            }
        }
        return firstAllow == null ? null : firstAllow.allowed;
    }

    /** Accesses named by the deciding items (allow and deny; exceptions alone never decide). */
    private static Set<String> deciding(RangerPolicy p) {
        Set<String> out = new LinkedHashSet<>();
        p.allow().forEach(i -> out.addAll(i.accesses()));
        p.deny().forEach(i -> out.addAll(i.accesses()));
        return out;
    }

    /** Collects one action's policies; lists stay in ordinal order because policies arrive in it. */
    private static final class Builder {
        private final Map<String, Map<String, List<CompiledPolicy>>> buckets = new HashMap<>();
        private final List<CompiledPolicy> fallback = new ArrayList<>();

        void add(CompiledPolicy p) {
            for (int i = 0; i < p.kindCount(); i++) {
                List<String> keys = p.indexKeys(i);
                if (keys != null) {
                    Map<String, List<CompiledPolicy>> kind = buckets.computeIfAbsent(p.kind(i), k -> new HashMap<>());
                    for (String key : new LinkedHashSet<>(keys)) {
                        kind.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                    }
                    return;
                }
            }
            fallback.add(p);
        }

        ActionIndex build() {
            Map<String, Map<String, CompiledPolicy[]>> out = new HashMap<>();
            buckets.forEach((kind, byKey) -> {
                Map<String, CompiledPolicy[]> m = new HashMap<>();
                byKey.forEach((key, list) -> m.put(key, list.toArray(NONE)));
                out.put(kind, Map.copyOf(m));
            });
            return new ActionIndex(Map.copyOf(out), fallback.toArray(NONE));
        }
    }
}
