package io.citadel.security.policy;

import java.util.List;

/**
 * Citadel's action names (after Mesos's ACL list). The engine accepts any action string; these
 * constants are the ones the master asks about, and the set "any access" expands over. Constants only.
 */
public final class Actions {

    public static final String REGISTER_FRAMEWORK = "register_framework";
    public static final String RUN_TASK = "run_task";
    public static final String TEARDOWN_FRAMEWORK = "teardown_framework";
    public static final String KILL_TASK = "kill_task";
    public static final String RESERVE = "reserve";
    public static final String UNRESERVE = "unreserve";
    public static final String UPDATE_QUOTA = "update_quota";
    public static final String UPDATE_WEIGHT = "update_weight";
    public static final String REGISTER_AGENT = "register_agent";
    public static final String DRAIN_AGENT = "drain_agent";
    public static final String MARK_AGENT_GONE = "mark_agent_gone";
    public static final String VIEW_FRAMEWORKS = "view_frameworks";
    public static final String VIEW_TASKS = "view_tasks";
    public static final String VIEW_AGENTS = "view_agents";
    public static final String VIEW_STATE = "view_state";
    public static final String VIEW_AUDIT = "view_audit";
    public static final String FETCH_URI = "fetch_uri";
    public static final String MANAGE_POLICIES = "manage_policies";

    /**
     * Pseudo-action "any access" (Ranger's {@code _any}): allowed when at least one concrete action
     * is allowed on the resource. Never appears in policy items.
     */
    public static final String ANY_ACCESS = "_any";

    /** All concrete Citadel actions. */
    public static final List<String> ALL = List.of(REGISTER_FRAMEWORK, RUN_TASK, TEARDOWN_FRAMEWORK,
            KILL_TASK, RESERVE, UNRESERVE, UPDATE_QUOTA, UPDATE_WEIGHT, REGISTER_AGENT, DRAIN_AGENT,
            MARK_AGENT_GONE, VIEW_FRAMEWORKS, VIEW_TASKS, VIEW_AGENTS, VIEW_STATE, VIEW_AUDIT,
            FETCH_URI, MANAGE_POLICIES);

    private Actions() {
    }
}
