package io.citadel.master.leader;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.TaskStatus;

/** One task the leading master tracks. Owned by the leading master; not thread-safe. */
final class TaskEntry {
  final TaskId id;
  final FrameworkId frameworkId;
  final AgentId agentId;
  final Resources resources;
  /** The role the resources were allocated to (the offer's role). */
  final String role;
  TaskState state;
  TaskStatus lastStatus;

  TaskEntry(TaskId id, FrameworkId frameworkId, AgentId agentId, Resources resources, String role, TaskState state) {
    this.id = id;
    this.frameworkId = frameworkId;
    this.agentId = agentId;
    this.resources = resources;
    this.role = role;
    this.state = state;
  }
}
