package io.citadel.security.policy;

import io.citadel.security.policy.JsonTree.Node;
import io.citadel.security.policy.JsonTree.Obj;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Mesos ACL JSON ({@code --acls}) and maps its lists to Citadel actions. Example:
 * <pre>{@code
 * {"permissive": false,
 *  "register_frameworks": [
 *    {"principals": {"values": ["hdfs"]}, "roles": {"values": ["hdfs", "eng/*"]}},
 *    {"principals": {"type": "ANY"},     "roles": {"type": "NONE"}}],
 *  "run_tasks": [{"principals": {"values": ["hdfs"]}, "users": {"values": ["hdfs"]}}],
 *  "view_state": [{"principals": {"type": "ANY"}, "state": {"type": "ANY"}}]}
 * }</pre>
 * Every rule must have {@code principals} and its list's object field; entities are
 * {@code {"values": [..]}} or {@code {"type": "ANY"|"NONE"}} (or {@code "SOME"} with values).
 * {@code permissive} defaults to {@code false}. Lists not in {@link #LISTS} and unknown fields are
 * refused. Rule ids are {@code <file name>#<list>[<index>]}. Stateless.
 */
final class MesosFormat {

    /** How a Mesos ACL list maps to a Citadel action; {@code kind == null}: implicit object. */
    record Mapping(String action, String objectField, String kind) {
    }

    /**
     * Mesos list name to Citadel action, object field and request resource kind. Lists marked
     * (Citadel) have no Mesos counterpart; implicit objects accept only ANY / NONE, as Mesos's
     * {@code access_mesos_logs} does.
     */
    static final Map<String, Mapping> LISTS = listMappings();

    private MesosFormat() {
    }

    private static Map<String, Mapping> listMappings() {
        Map<String, Mapping> m = new LinkedHashMap<>();
        m.put("register_frameworks", new Mapping(Actions.REGISTER_FRAMEWORK, "roles", "role"));
        m.put("run_tasks", new Mapping(Actions.RUN_TASK, "users", "user"));
        m.put("teardown_frameworks", new Mapping(Actions.TEARDOWN_FRAMEWORK, "framework_principals", "framework_principal"));
        m.put("kill_tasks", new Mapping(Actions.KILL_TASK, "framework_principals", "framework_principal")); // (Citadel)
        m.put("reserve_resources", new Mapping(Actions.RESERVE, "roles", "role"));
        m.put("unreserve_resources", new Mapping(Actions.UNRESERVE, "reserver_principals", "reserver_principal"));
        m.put("update_quotas", new Mapping(Actions.UPDATE_QUOTA, "roles", "role"));
        m.put("update_weights", new Mapping(Actions.UPDATE_WEIGHT, "roles", "role"));
        m.put("register_agents", new Mapping(Actions.REGISTER_AGENT, "agents", "agent"));
        m.put("drain_agents", new Mapping(Actions.DRAIN_AGENT, "agents", "agent"));
        m.put("mark_agents_gone", new Mapping(Actions.MARK_AGENT_GONE, "agents", "agent"));
        m.put("view_frameworks", new Mapping(Actions.VIEW_FRAMEWORKS, "users", "user"));
        m.put("view_tasks", new Mapping(Actions.VIEW_TASKS, "users", "user"));
        m.put("view_agents", new Mapping(Actions.VIEW_AGENTS, "agents", "agent")); // (Citadel)
        m.put("view_state", new Mapping(Actions.VIEW_STATE, "state", null)); // (Citadel)
        m.put("view_audit", new Mapping(Actions.VIEW_AUDIT, "audit", null)); // (Citadel)
        m.put("fetch_uris", new Mapping(Actions.FETCH_URI, "uris", "uri")); // (Citadel)
        m.put("manage_policies", new Mapping(Actions.MANAGE_POLICIES, "policies", null)); // (Citadel)
        return Map.copyOf(m);
    }

    static MesosAcls read(Path file, Obj root) {
        List<String> allowed = new ArrayList<>(LISTS.keySet());
        allowed.add("permissive");
        allowed.sort(null);
        JsonTree.onlyFields(file, root, allowed);
        String fileName = file.getFileName().toString();
        Map<String, List<MesosAcls.Rule>> rules = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : root.fields().entrySet()) {
            Mapping mapping = LISTS.get(e.getKey());
            if (mapping == null) {
                continue; // "permissive"
            }
            List<Node> items = JsonTree.optArray(file, root, e.getKey());
            List<MesosAcls.Rule> list = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                list.add(rule(file, JsonTree.object(file, items.get(i)), mapping, fileName + "#" + e.getKey() + "[" + i + "]"));
            }
            rules.put(mapping.action(), list);
        }
        return new MesosAcls(JsonTree.optBool(file, root, "permissive", false), rules);
    }

    private static MesosAcls.Rule rule(Path file, Obj o, Mapping mapping, String id) {
        JsonTree.onlyFields(file, o, List.of("principals", mapping.objectField()));
        MesosAcls.Entity principals = entity(file, JsonTree.requiredObject(file, o, "principals"), null);
        Obj objectNode = JsonTree.requiredObject(file, o, mapping.objectField());
        MesosAcls.Entity objects = entity(file, objectNode, mapping.kind());
        if (mapping.kind() == null && objects.type() == MesosAcls.EntityType.SOME) {
            throw JsonTree.error(file, objectNode, "'" + mapping.objectField()
                    + "' is implicit: use {\"type\": \"ANY\"} or {\"type\": \"NONE\"}");
        }
        return new MesosAcls.Rule(id, principals, mapping.kind(), objects);
    }

    private static MesosAcls.Entity entity(Path file, Obj o, String kind) {
        JsonTree.onlyFields(file, o, List.of("type", "values"));
        String typeName = JsonTree.optString(file, o, "type", "SOME");
        MesosAcls.EntityType type;
        try {
            type = MesosAcls.EntityType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw JsonTree.error(file, o.fields().get("type"), "type must be SOME, ANY or NONE, not '" + typeName + "'");
        }
        List<Node> valueNodes = JsonTree.optArray(file, o, "values");
        if (type != MesosAcls.EntityType.SOME && !valueNodes.isEmpty()) {
            throw JsonTree.error(file, o.fields().get("values"), "values are not allowed with type " + type);
        }
        if (type == MesosAcls.EntityType.SOME && valueNodes.isEmpty()) {
            throw JsonTree.error(file, o, "an entity needs values, or type ANY or NONE");
        }
        List<String> values = new ArrayList<>();
        for (Node v : valueNodes) {
            String s = JsonTree.string(file, v);
            try {
                values.add(kind == null ? ResourceNormalizer.normalize("principal", s) : ResourceNormalizer.normalize(kind, s));
            } catch (InvalidResourceException e) {
                throw JsonTree.error(file, v, e.getMessage());
            }
        }
        return new MesosAcls.Entity(type, Set.copyOf(values));
    }
}
