package io.citadel.runtime.protocol;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.serialization.CitadelSerializable;
import java.util.Objects;

/**
 * One status update of a task, as produced by an agent (or by the master for tasks that never reached
 * an agent) and delivered to the framework at least once, in order per task.
 *
 * @param updateId unique per update; the framework acknowledges it by this id
 * @param reason null for ordinary transitions
 * @param exitCode the process exit code for terminal states of tasks that ran, else null
 * @param data a bounded tail of the task's stdout for terminal states, else empty
 */
public record TaskStatus(
    TaskId taskId,
    FrameworkId frameworkId,
    AgentId agentId,
    TaskState state,
    TaskStatusReason reason,
    String message,
    String updateId,
    long timestampMillis,
    Integer exitCode,
    String data) implements CitadelSerializable {

  /** Bound on {@link #data}; the sandbox holds the full output. */
  public static final int MAX_DATA_CHARS = 4096;

  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(frameworkId, "frameworkId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updateId, "updateId");
    message = message == null ? "" : message;
    data = data == null ? "" : data;
    if (data.length() > MAX_DATA_CHARS) {
      data = data.substring(data.length() - MAX_DATA_CHARS);
    }
    if (message.length() > MAX_DATA_CHARS) {
      message = message.substring(0, MAX_DATA_CHARS);
    }
  }

  /** A status produced by the master for a task that never reached an agent. */
  public static TaskStatus fromMaster(TaskId taskId, FrameworkId frameworkId, AgentId agentId,
      TaskState state, TaskStatusReason reason, String message, long now) {
    return new TaskStatus(taskId, frameworkId, agentId, state, reason, message,
        java.util.UUID.randomUUID().toString(), now, null, "");
  }
}
