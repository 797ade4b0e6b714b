package io.citadel.runtime.protocol;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import java.util.List;
import java.util.Objects;

/**
 * The boundary between an agent (through its session) and the leading master. Every command from the
 * master carries the master's epoch: an agent drops commands from an older epoch than the one it
 * registered with (fencing against a paused former leader).
 */
public final class AgentProtocol {
  private AgentProtocol() {}

  /** Calls an agent makes through its session. */
  public sealed interface Call extends GatewayProtocol.SessionCommand permits RegisterAgent, StatusUpdate, Pong {}

  public record AgentInfo(String hostname, AgentResources resources, Attributes attributes) {
    public AgentInfo {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** A task the agent runs or has finished without acknowledgement, reported on re-registration. */
  public record TaskReport(FrameworkId frameworkId, TaskId taskId, Resources resources, TaskState state) {}

  /** Register (agentId null) or re-register with the current leader, reporting every known task. */
  public record RegisterAgent(AgentInfo info, AgentId agentId, List<TaskReport> tasks) implements Call {
    public RegisterAgent {
      tasks = List.copyOf(tasks == null ? List.of() : tasks);
    }
  }

  /** A task's status; retried until the master relays the framework's acknowledgement. */
  public record StatusUpdate(TaskStatus status) implements Call {}

  public record Pong(long seq) implements Call {}

  /** Commands the master sends an agent. */
  public sealed interface Command extends GatewayProtocol.ClientMessage
      permits AgentRegistered, RegistrationRefused, RunTask, KillTask, AcknowledgeUpdate, Ping {}

  public record AgentRegistered(AgentId agentId, long masterEpoch) implements Command {}

  public record RegistrationRefused(String reason) implements Command {}

  public record RunTask(long masterEpoch, FrameworkId frameworkId, String frameworkPrincipal,
      FrameworkProtocol.TaskLaunch task) implements Command {}

  public record KillTask(long masterEpoch, FrameworkId frameworkId, TaskId taskId) implements Command {}

  public record AcknowledgeUpdate(long masterEpoch, TaskId taskId, String updateId) implements Command {}

  public record Ping(long masterEpoch, long seq) implements Command {}
}
