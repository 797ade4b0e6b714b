package io.citadel.master.leader;

import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.security.authz.AuthorizationService;
import io.citadel.security.policy.Actions;
import io.citadel.security.policy.Decision;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The leading master's authorization checks, one method per entry point. Each asks the
 * {@link AuthorizationService} (synchronously: a decision costs well under a microsecond) on behalf of
 * the <em>authenticated</em> principal, stamped by the client's session, never a name the client
 * declared; the service canonicalises it, audits the decision with the request id and this leader's
 * epoch, and refuses privileged actions it cannot audit. A method returns {@code null} when the action
 * is allowed, else the refusal message the caller turns into a typed error. Owned by
 * {@link LeaderState}; holds no mutable state.
 */
final class Enforcement {
  private final AuthorizationService authz;
  private final long epoch;
  private final Logger log;

  Enforcement(AuthorizationService authz, long epoch, Logger log) {
    this.authz = authz;
    this.epoch = epoch;
    this.log = log;
  }

  /** {@code register_framework} for each role; the refusal names the first refused role. */
  String registerFramework(String principal, List<String> roles, String requestId) {
    for (String role : roles) {
      String refused = check(principal, Actions.REGISTER_FRAMEWORK, Map.of("role", role), requestId,
          "register a framework for role [" + role + "]");
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  /** {@code run_task} as the task's user: the framework's user, or its principal's canonical name when empty. */
  String runTask(FrameworkEntry fw, TaskLaunch launch, String requestId) {
    String user = taskUser(fw);
    if (user == null) {
      return "principal [" + fw.principal + "] cannot be mapped to a user name";
    }
    return check(fw.principal, Actions.RUN_TASK, Map.of("user", user), requestId,
        "run task [" + launch.taskId().value() + "] as user [" + user + "]");
  }

  /** {@code teardown_framework} of {@code fw} by {@code principal}. */
  String teardown(String principal, FrameworkEntry fw, String requestId) {
    String owner = canonical(fw.principal);
    return check(principal, Actions.TEARDOWN_FRAMEWORK, Map.of("framework_principal", owner == null ? fw.principal : owner),
        requestId, "tear down framework [" + fw.id.value() + "]");
  }

  /** {@code register_agent} for the agent host the agent announces. */
  String registerAgent(String principal, AgentProtocol.AgentInfo info, String requestId) {
    return check(principal, Actions.REGISTER_AGENT, Map.of("agent", info.hostname()), requestId,
        "register agent [" + info.hostname() + "]");
  }

  private String taskUser(FrameworkEntry fw) {
    return fw.info.user().isEmpty() ? canonical(fw.principal) : fw.info.user();
  }

  private String canonical(String principal) {
    try {
      return authz.subject(principal).user();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private String check(String principal, String action, Map<String, String> resource, String requestId, String what) {
    Decision d = authz.authorize(principal, action, resource, requestId, epoch);
    if (d.allowed()) {
      return null;
    }
    String who = canonical(principal);
    String message = "principal [" + (who == null ? principal : who) + "] may not " + what + " (policy [" + d.policyId() + "])";
    log.warn("Unauthorized: {}; request [{}]", message, requestId);
    return message;
  }
}
