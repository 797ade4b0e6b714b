package io.citadel.agent;

import io.citadel.agent.process.ExitStatus;
import io.citadel.agent.process.KillResult;
import io.citadel.agent.process.LaunchSpec;
import io.citadel.agent.process.Limits;
import io.citadel.agent.process.Sandbox;
import io.citadel.agent.process.SandboxFiles;
import io.citadel.agent.process.TaskProcessHandle;
import io.citadel.agent.process.TaskProcessLauncher;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.model.FrameworkId;
import java.time.Clock;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One executor on an agent: it runs one command task as a real OS process in its own sandbox (stdout
 * and stderr in files there) under a supervisor that outlives the agent JVM, and reports STARTING,
 * RUNNING and a terminal state with the exit code and the tail of stdout. Kill is SIGTERM to the
 * task's process group, then SIGKILL after the grace period. After an agent restart the same actor
 * runs in "recovered" mode ({@link #recover}) on the re-attached process. Runs on the blocking
 * dispatcher because starting processes does file and process I/O. Owned (spawned and watched) by
 * the {@link Agent}.
 */
final class Executor {
  private Executor() {}

  interface Command {}

  /** Kill the task (from the framework through the master). */
  record Kill() implements Command {}

  private record Exited(ExitStatus status) implements Command {}

  private record KillDone(KillResult result) implements Command {}

  /** Status changes go to the agent's status-update manager. */
  record StatusChanged(TaskStatus status) {}

  /** Launches the task in {@code sandbox}, which the agent created and checkpointed. */
  static Behavior<Command> launch(AgentId agentId, FrameworkId frameworkId, TaskLaunch task, Sandbox sandbox,
      AgentSettings settings, TaskProcessLauncher launcher, ActorRef<StatusChanged> agent, Clock clock) {
    return Behaviors.setup(ctx -> {
      var reporter = new Reporter(agentId, frameworkId, task.taskId(), agent, clock);
      reporter.report(TaskState.STARTING, null, "launching", null, "");
      TaskProcessHandle handle;
      try {
        var spec = new LaunchSpec(sandbox, new LaunchSpec.Shell(task.command().shell()), task.command().environment(),
            limitsOf(task), settings.killGracePeriod());
        handle = launcher.launch(spec);
      } catch (Exception e) {
        ctx.getLog().warn("Task [{}] failed to launch: {}", task.taskId().value(), e.getMessage());
        reporter.report(TaskState.FAILED, TaskStatusReason.LAUNCH_FAILED, "launch failed: " + e.getMessage(), null, "");
        return Behaviors.stopped();
      }
      ctx.getLog().info("Task [{}] running as pid [{}] in [{}]", task.taskId().value(), handle.pid().orElse(-1),
          handle.sandbox().dir());
      reporter.report(TaskState.RUNNING, null, "pid " + handle.pid().orElse(-1), null, "");
      ctx.pipeToSelf(handle.onExit(), (status, err) -> new Exited(err == null ? status : new ExitStatus.Lost(err.toString())));
      return running(ctx, handle, reporter, false);
    });
  }

  /**
   * "Recovered" mode after an agent restart: watches a task process that kept running (or ended) while
   * the agent was down, through its re-attached handle; nothing is launched again. A task that was
   * being killed is killed again, since the escalation to SIGKILL died with the old agent.
   */
  static Behavior<Command> recover(AgentId agentId, FrameworkId frameworkId, TaskId taskId, TaskProcessHandle handle,
      boolean killing, ActorRef<StatusChanged> agent, Clock clock) {
    return Behaviors.setup(ctx -> {
      var reporter = new Reporter(agentId, frameworkId, taskId, agent, clock);
      ctx.getLog().info("Task [{}] recovered in [{}], pid [{}]", taskId.value(), handle.sandbox().dir(), handle.pid().orElse(-1));
      ctx.pipeToSelf(handle.onExit(), (status, err) -> new Exited(err == null ? status : new ExitStatus.Lost(err.toString())));
      if (killing) {
        ctx.pipeToSelf(handle.kill(), (r, err) -> new KillDone(r));
      }
      return running(ctx, handle, reporter, killing);
    });
  }

  private static Limits limitsOf(TaskLaunch task) {
    Limits limits = Limits.none();
    long memMb = task.resources().scalar("mem") / 1000;
    if (memMb > 0) {
      limits = limits.withMemoryBytes(memMb * 1024 * 1024);
    }
    long cpuMilli = task.resources().scalar("cpus");
    if (cpuMilli > 0) {
      limits = limits.withCpuMillis(cpuMilli);
    }
    return limits;
  }

  private static Behavior<Command> running(ActorContext<Command> ctx, TaskProcessHandle handle, Reporter reporter, boolean killing) {
    return Behaviors.receive(Command.class)
        .onMessage(Kill.class, m -> {
          if (killing) {
            return Behaviors.same();
          }
          reporter.report(TaskState.KILLING, null, "kill requested", null, "");
          ctx.pipeToSelf(handle.kill(), (r, err) -> new KillDone(r));
          return running(ctx, handle, reporter, true);
        })
        .onMessage(KillDone.class, m -> Behaviors.same())
        .onMessage(Exited.class, m -> {
          String tail = "";
          try {
            tail = SandboxFiles.tail(handle.sandbox().stdout(), 2048);
          } catch (Exception e) {
            tail = "";
          }
          ExitStatus st = m.status();
          Integer code = st instanceof ExitStatus.Exited e ? e.code() : null;
          if (killing) {
            reporter.report(TaskState.KILLED, TaskStatusReason.KILLED_BY_FRAMEWORK, st.describe(), code, tail);
          } else if (st.oomKilled()) {
            reporter.report(TaskState.FAILED, TaskStatusReason.MEMORY_LIMIT, st.describe(), code, tail);
          } else if (code != null && code == 0) {
            reporter.report(TaskState.FINISHED, null, st.describe(), code, tail);
          } else if (st instanceof ExitStatus.Lost) {
            reporter.report(TaskState.LOST, TaskStatusReason.EXECUTOR_TERMINATED, st.describe(), null, tail);
          } else {
            reporter.report(TaskState.FAILED, TaskStatusReason.COMMAND_EXITED_NONZERO, st.describe(), code, tail);
          }
          return Behaviors.stopped();
        })
        .build();
  }

  /** Builds status updates for one task. */
  private record Reporter(AgentId agentId, FrameworkId frameworkId, TaskId taskId, ActorRef<StatusChanged> agent, Clock clock) {
    void report(TaskState state, TaskStatusReason reason, String message, Integer exitCode, String data) {
      agent.tell(new StatusChanged(new TaskStatus(taskId, frameworkId, agentId, state, reason, message,
          UUID.randomUUID().toString(), clock.millis(), exitCode, data)));
    }
  }
}
