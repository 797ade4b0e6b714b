package io.citadel.security.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mesos-style ACLs: for each action an ordered list of rules; the first rule whose subjects and
 * objects both match the request decides, and when none matches, {@code permissive} decides
 * (Citadel's default is {@code false}, unlike Mesos's {@code true}).
 *
 * <p>Matching follows Mesos's local authorizer. The subject is always the authenticated principal
 * (a SOME request); the object is the request's value of the rule's resource kind, or "any" when the
 * request carries none. An entity of type {@code ANY} or {@code NONE} matches every request; a
 * {@code values} entity matches when it contains the value (for role objects, {@code eng/*} matches
 * every role nested under {@code eng}, at any depth, but not {@code eng} itself). A matching rule
 * allows unless its subjects or objects are {@code NONE}; a request without an object (ANY) is allowed
 * only by an {@code ANY} object. Immutable and thread-safe.
 *
 * @param permissive what to answer when no rule matches
 * @param rules action name to its rules in file order
 */
public record MesosAcls(boolean permissive, Map<String, List<Rule>> rules) {

    /** Entity type, as in Mesos's {@code ACL.Entity}. */
    public enum EntityType { SOME, ANY, NONE }

    /** A subject or object entity: {@code {"values": [...]}} or {@code {"type": "ANY"|"NONE"}}. */
    public record Entity(EntityType type, Set<String> values) {
        public Entity {
            Objects.requireNonNull(type, "type");
            values = Set.copyOf(values);
        }

        public static Entity any() {
            return new Entity(EntityType.ANY, Set.of());
        }

        public static Entity none() {
            return new Entity(EntityType.NONE, Set.of());
        }

        public static Entity some(String... values) {
            return new Entity(EntityType.SOME, Set.of(values));
        }
    }

    /**
     * One rule of one ACL list. {@code id} names it in decisions, e.g.
     * {@code acls.json#register_frameworks[0]}; {@code objectKind} is the request resource kind the
     * objects are compared with, or {@code null} for implicit objects (only ANY/NONE).
     */
    public record Rule(String id, Entity principals, String objectKind, Entity objects) {
    }

    public MesosAcls {
        Map<String, List<Rule>> copy = new LinkedHashMap<>();
        rules.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        rules = Map.copyOf(copy);
    }

    /** Total number of rules. */
    public int ruleCount() {
        return rules.values().stream().mapToInt(List::size).sum();
    }

    /** Rules of one action, indexed by principal so that 10,000 rules are not scanned linearly. */
    static final class Compiled {
        private static final int[] EMPTY = new int[0];
        private final Rule[] rules;
        private final Map<String, int[]> byPrincipal;
        private final int[] anyPrincipal;

        Compiled(List<Rule> list) {
            this.rules = list.toArray(Rule[]::new);
            Map<String, List<Integer>> by = new HashMap<>();
            List<Integer> any = new ArrayList<>();
            for (int i = 0; i < rules.length; i++) {
                Entity p = rules[i].principals();
                if (p.type() == EntityType.SOME) {
                    for (String v : p.values()) {
                        by.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
                    }
                } else {
                    any.add(i);
                }
            }
            Map<String, int[]> m = new HashMap<>();
            by.forEach((k, v) -> m.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            this.byPrincipal = Map.copyOf(m);
            this.anyPrincipal = any.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The first matching rule, or {@code null}. */
        Rule firstMatch(String principal, Map<String, String> resource) {
            int[] own = byPrincipal.getOrDefault(principal, EMPTY);
            int a = 0;
            int b = 0;
            while (a < own.length || b < anyPrincipal.length) {
                int i = b >= anyPrincipal.length || (a < own.length && own[a] < anyPrincipal[b])
                        ? own[a++] : anyPrincipal[b++];
                Rule r = rules[i];
                if (objectMatches(r, resource)) {
                    return r;
                }
            }
            return null;
        }

        private static boolean objectMatches(Rule r, Map<String, String> resource) {
            Entity o = r.objects();
            if (o.type() != EntityType.SOME) {
                return true;
            }
            String value = r.objectKind() == null ? null : resource.get(r.objectKind());
            if (value == null) {
                return false; // request ANY matches only ANY/NONE
            }
            if (o.values().contains(value)) {
                return true;
            }
            if ("role".equals(r.objectKind())) {
                for (String v : o.values()) {
                    if (v.endsWith("/*") && value.length() > v.length() - 1
                            && value.startsWith(v.substring(0, v.length() - 1))) {
                        return true;
                    }
                }
            }
            return false;
        }

        static boolean allows(Rule r, Map<String, String> resource) {
            if (r.principals().type() == EntityType.NONE || r.objects().type() == EntityType.NONE) {
                return false;
            }
            boolean requestHasObject = r.objectKind() != null && resource.containsKey(r.objectKind());
            return requestHasObject || r.objects().type() == EntityType.ANY;
        }
    }
}
