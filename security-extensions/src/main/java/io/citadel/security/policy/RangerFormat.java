package io.citadel.security.policy;

import io.citadel.security.policy.JsonTree.Node;
import io.citadel.security.policy.JsonTree.Obj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Citadel's Ranger-style policy files. Field names follow Apache Ranger's policy JSON where
 * the concept is the same; accesses are plain action names. Example:
 * <pre>{@code
 * {"policies": [
 *   {"id": "eng-register", "name": "eng may register under eng",
 *    "isEnabled": true, "isAuditEnabled": true, "policyPriority": "NORMAL",
 *    "resources": {"role": {"values": ["eng"], "isRecursive": true, "isExcludes": false}},
 *    "policyItems":     [{"groups": ["eng"], "accesses": ["register_framework", "reserve"]}],
 *    "allowExceptions": [{"users": ["intern"], "accesses": ["reserve"]}],
 *    "denyPolicyItems": [],
 *    "denyExceptions":  []}
 * ]}
 * }</pre>
 * Defaults: {@code isEnabled} true, {@code isAuditEnabled} true, {@code policyPriority}
 * {@code NORMAL}, item lists empty, {@code isExcludes}/{@code isRecursive} false. Unknown fields
 * are refused. Stateless.
 */
final class RangerFormat {

    private static final List<String> TOP = List.of("policies");
    private static final List<String> POLICY = List.of("id", "name", "description", "isEnabled",
            "isAuditEnabled", "policyPriority", "resources", "policyItems", "allowExceptions",
            "denyPolicyItems", "denyExceptions");
    private static final List<String> RESOURCE = List.of("values", "isExcludes", "isRecursive");
    private static final List<String> ITEM = List.of("users", "groups", "roles", "accesses");

    private RangerFormat() {
    }

    static List<RangerPolicy> read(Path file, Obj root) {
        JsonTree.onlyFields(file, root, TOP);
        List<RangerPolicy> out = new ArrayList<>();
        for (Node n : JsonTree.optArray(file, root, "policies")) {
            out.add(policy(file, JsonTree.object(file, n)));
        }
        return out;
    }

    private static RangerPolicy policy(Path file, Obj o) {
        JsonTree.onlyFields(file, o, POLICY);
        String id = JsonTree.string(file, JsonTree.required(file, o, "id"));
        if (id.isBlank()) {
            throw JsonTree.error(file, o.fields().get("id"), "policy id must not be blank");
        }
        RangerPolicy.Priority priority = priority(file, o);
        Obj res = JsonTree.requiredObject(file, o, "resources");
        if (res.fields().isEmpty()) {
            throw JsonTree.error(file, res, "a policy must name at least one resource");
        }
        Map<String, RangerPolicy.Resource> resources = new LinkedHashMap<>();
        res.fields().forEach((kind, node) -> resources.put(kind, resource(file, kind, JsonTree.object(file, node))));
        try {
            return new RangerPolicy(id, JsonTree.optString(file, o, "name", id),
                    JsonTree.optBool(file, o, "isEnabled", true), JsonTree.optBool(file, o, "isAuditEnabled", true),
                    priority, resources, items(file, o, "policyItems"), items(file, o, "allowExceptions"),
                    items(file, o, "denyPolicyItems"), items(file, o, "denyExceptions"));
        } catch (IllegalArgumentException e) {
            throw JsonTree.error(file, o, e.getMessage());
        }
    }

    private static RangerPolicy.Priority priority(Path file, Obj o) {
        Node n = o.fields().get("policyPriority");
        if (n == null) {
            return RangerPolicy.Priority.NORMAL;
        }
        String s = JsonTree.string(file, n);
        try {
            return RangerPolicy.Priority.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JsonTree.error(file, n, "policyPriority must be NORMAL or OVERRIDE, not '" + s + "'");
        }
    }

    private static RangerPolicy.Resource resource(Path file, String kind, Obj o) {
        JsonTree.onlyFields(file, o, RESOURCE);
        JsonTree.required(file, o, "values");
        List<Node> valueNodes = JsonTree.optArray(file, o, "values");
        if (valueNodes.isEmpty()) {
            throw JsonTree.error(file, o.fields().get("values"), "values must not be empty");
        }
        boolean recursive = JsonTree.optBool(file, o, "isRecursive", false);
        if (recursive && !ResourceKind.of(kind).hierarchical()) {
            throw JsonTree.error(file, o.fields().get("isRecursive"),
                    "isRecursive applies only to resource kinds 'role' and 'uri'");
        }
        List<String> values = new ArrayList<>();
        for (Node v : valueNodes) {
            String s = JsonTree.string(file, v);
            try {
                ResourceNormalizer.normalize(kind, s); // validated here to report where; compiled later
            } catch (InvalidResourceException e) {
                throw JsonTree.error(file, v, e.getMessage());
            }
            values.add(s);
        }
        return new RangerPolicy.Resource(values, JsonTree.optBool(file, o, "isExcludes", false), recursive);
    }

    private static List<PolicyItem> items(Path file, Obj policy, String field) {
        List<PolicyItem> out = new ArrayList<>();
        for (Node n : JsonTree.optArray(file, policy, field)) {
            Obj o = JsonTree.object(file, n);
            JsonTree.onlyFields(file, o, ITEM);
            List<String> accesses = JsonTree.optStrings(file, o, "accesses");
            for (String a : accesses) {
                if (a.equals(Actions.ANY_ACCESS)) {
                    throw JsonTree.error(file, o, "'" + Actions.ANY_ACCESS + "' is a request, not an access; use '*'");
                }
            }
            try {
                out.add(new PolicyItem(JsonTree.optStringSet(file, o, "users"), JsonTree.optStringSet(file, o, "groups"),
                        JsonTree.optStringSet(file, o, "roles"), Set.copyOf(accesses)));
            } catch (IllegalArgumentException e) {
                throw JsonTree.error(file, o, e.getMessage());
            }
        }
        return out;
    }
}
