package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.registry.RegistryActor.Table;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Role;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The leading master's handling of framework calls after Mesos's scheduler API. Identity is always the
 * authenticated principal that the session stamped; a declared principal that differs is refused
 * (field case B28). Accepts are delegated to {@link AcceptHandler}. Owned by {@link LeaderState}.
 */
final class FrameworkCalls {
  private final LeaderState s;
  private final AcceptHandler accepts;

  FrameworkCalls(LeaderState state) {
    this.s = state;
    this.accepts = new AcceptHandler(state);
  }

  void on(LeaderProtocol.ClientIdentity id, String requestId, FrameworkProtocol.Call call, ActorRef<LeaderProtocol.ToBridge> bridge) {
    if (call instanceof FrameworkProtocol.Subscribe m) {
      onSubscribe(id, requestId, m, bridge);
      return;
    }
    FrameworkEntry fw = s.clientOf.get(bridge) instanceof FrameworkId fwId ? s.frameworks.get(fwId) : null;
    if (fw == null) {
      bridge.tell(new LeaderProtocol.Deliver(new FrameworkProtocol.Error("NOT_SUBSCRIBED",
          call.getClass().getSimpleName() + " before Subscribe")));
      return;
    }
    if (call instanceof FrameworkProtocol.Accept m) {
      accepts.onAccept(fw, m, requestId);
    } else if (call instanceof FrameworkProtocol.Decline m) {
      accepts.onDecline(fw, m.offerIds(), m.refuseSeconds());
    } else if (call instanceof FrameworkProtocol.Kill m) {
      onKill(fw, m);
    } else if (call instanceof FrameworkProtocol.Acknowledge m) {
      onAcknowledge(fw, m);
    } else if (call instanceof FrameworkProtocol.Revive m) {
      fw.suppressedRoles.removeAll(m.roles().isEmpty() ? fw.info.roles() : m.roles());
      s.deps.allocator().tell(new AllocatorProtocol.Revive(s.epoch, fw.id, m.roles()));
    } else if (call instanceof FrameworkProtocol.Suppress m) {
      fw.suppressedRoles.addAll(m.roles().isEmpty() ? fw.info.roles() : m.roles());
      s.frameworkChanged(fw);
    } else if (call instanceof FrameworkProtocol.Reconcile m) {
      onReconcile(fw, m);
    } else if (call instanceof FrameworkProtocol.Request m) {
      s.deps.allocator().tell(new AllocatorProtocol.AddDemand(s.epoch, fw.id, m.name(), m.resources()));
    } else if (call instanceof FrameworkProtocol.Teardown) {
      String refused = s.enforcement.teardown(id.principal(), fw, requestId);
      if (refused != null) {
        fw.send(new FrameworkProtocol.Error("UNAUTHORIZED", refused));
      } else {
        teardown(fw, "torn down by the framework");
      }
    }
  }

  /** B28: the declared principal may be empty (then the authenticated one is used) or must match it. */
  static boolean declaredMatches(String declared, String authenticated) {
    if (declared.isEmpty() || declared.equals(authenticated)) {
      return true;
    }
    int at = authenticated.indexOf('@');
    return at > 0 && declared.equals(authenticated.substring(0, at));
  }

  private void onSubscribe(LeaderProtocol.ClientIdentity id, String requestId, FrameworkProtocol.Subscribe m,
      ActorRef<LeaderProtocol.ToBridge> bridge) {
    var info = m.info();
    String problem = null;
    if (!declaredMatches(info.principal(), id.principal())) {
      problem = "PRINCIPAL_MISMATCH|declared principal [" + info.principal() + "] is not the authenticated principal [" + id.principal() + "]";
    } else if (info.roles().isEmpty()) {
      problem = "INVALID_CALL|a framework needs at least one role";
    } else {
      for (String role : info.roles()) {
        try {
          Role.validate(role);
        } catch (IllegalArgumentException e) {
          problem = "INVALID_CALL|" + e.getMessage();
        }
      }
    }
    if (problem == null) {
      String refused = s.enforcement.registerFramework(id.principal(), info.roles(), requestId);
      problem = refused == null ? null : "UNAUTHORIZED|" + refused;
    }
    if (problem != null) {
      String[] p = problem.split("\\|", 2);
      s.log.warn("Refusing subscription of [{}] from [{}]: {}", info.name(), id.principal(), p[1]);
      bridge.tell(new LeaderProtocol.Deliver(new FrameworkProtocol.Error(p[0], p[1])));
      return;
    }
    if (s.registering.contains(bridge)) {
      return;
    }
    if (m.frameworkId() == null && s.clientOf.get(bridge) instanceof FrameworkId same && s.frameworks.containsKey(same)) {
      // The same session subscribing again: same framework, same id.
      s.frameworks.get(same).send(new FrameworkProtocol.Subscribed(same, s.epoch));
      return;
    }
    if (m.frameworkId() != null) {
      FrameworkEntry known = s.frameworks.get(m.frameworkId());
      String owner = known != null ? known.principal : s.admittedFrameworks.get(m.frameworkId().value());
      if (owner == null) {
        bridge.tell(new LeaderProtocol.Deliver(new FrameworkProtocol.Error("FRAMEWORK_REMOVED",
            "framework [" + m.frameworkId().value() + "] is not registered (completed or torn down); subscribe without an id")));
        return;
      }
      if (!owner.equals(id.principal())) {
        bridge.tell(new LeaderProtocol.Deliver(new FrameworkProtocol.Error("PRINCIPAL_MISMATCH",
            "framework [" + m.frameworkId().value() + "] belongs to another principal")));
        return;
      }
      FrameworkEntry fw = known != null ? known : new FrameworkEntry(m.frameworkId(), id.principal(), info, bridge);
      fw.info = info;
      activate(fw, bridge);
      return;
    }
    FrameworkId fwId = FrameworkId.random();
    s.registering.add(bridge);
    s.registryPut(Table.FRAMEWORKS, fwId.value(), id.principal(),
        () -> {
          s.registering.remove(bridge);
          activate(new FrameworkEntry(fwId, id.principal(), info, bridge), bridge);
        },
        () -> {
          s.registering.remove(bridge);
          bridge.tell(new LeaderProtocol.Deliver(new FrameworkProtocol.Error("REGISTRY_UNAVAILABLE",
              "the registry could not record the framework; retry")));
        });
  }

  private void activate(FrameworkEntry fw, ActorRef<LeaderProtocol.ToBridge> bridge) {
    if (fw.bridge != null && !fw.bridge.equals(bridge)) {
      s.clientOf.remove(fw.bridge);
    }
    fw.bridge = bridge;
    fw.disconnectedAtMillis = -1;
    s.admittedFrameworks.put(fw.id.value(), fw.principal);
    s.frameworks.put(fw.id, fw);
    s.bind(bridge, fw.id);
    s.log.info("Framework [{}] ([{}]) subscribed as [{}] with roles [{}]", fw.info.name(), fw.id.value(), fw.principal, fw.info.roles());
    fw.send(new FrameworkProtocol.Subscribed(fw.id, s.epoch));
    s.frameworkChanged(fw);
  }

  private void onKill(FrameworkEntry fw, FrameworkProtocol.Kill m) {
    TaskEntry task = s.tasks.get(m.taskId());
    if (task == null || !task.frameworkId.equals(fw.id)) {
      s.masterStatus(fw, m.taskId(), null, TaskState.LOST, TaskStatusReason.RECONCILIATION, "unknown task");
      return;
    }
    AgentEntry agent = s.agents.get(task.agentId);
    if (agent != null) {
      agent.send(new AgentProtocol.KillTask(s.epoch, fw.id, task.id));
    }
  }

  private void onAcknowledge(FrameworkEntry fw, FrameworkProtocol.Acknowledge m) {
    TaskEntry task = s.tasks.get(m.taskId());
    if (task == null || !task.frameworkId.equals(fw.id) || task.agentId == null) {
      return;
    }
    AgentEntry agent = s.agents.get(task.agentId);
    if (agent != null) {
      agent.send(new AgentProtocol.AcknowledgeUpdate(s.epoch, task.id, m.updateId()));
    }
    if (task.state.isTerminal() && task.lastStatus != null && task.lastStatus.updateId().equals(m.updateId())) {
      s.tasks.remove(task.id);
      s.completedTasks.put(task.id, task.frameworkId);
    }
  }

  private void onReconcile(FrameworkEntry fw, FrameworkProtocol.Reconcile m) {
    for (TaskEntry task : s.tasks.values()) {
      if (task.frameworkId.equals(fw.id) && (m.taskIds().isEmpty() || m.taskIds().contains(task.id)) && task.lastStatus != null) {
        fw.send(new FrameworkProtocol.Update(task.lastStatus));
      }
    }
  }

  void onDisconnected(FrameworkId fwId, ActorRef<LeaderProtocol.ToBridge> bridge) {
    FrameworkEntry fw = s.frameworks.get(fwId);
    if (fw == null || !bridge.equals(fw.bridge)) {
      return;
    }
    fw.bridge = null;
    fw.disconnectedAtMillis = s.deps.clock().millis();
    for (var offer : s.offers.all()) {
      if (offer.frameworkId().equals(fwId)) {
        s.rescind(offer, "framework disconnected");
      }
    }
    Duration timeout = Duration.ofMillis(Math.max(0, fw.info.failoverTimeoutMillis()));
    s.log.info("Framework [{}] disconnected; failover timeout [{}]", fwId.value(), timeout);
    s.timers.startSingleTimer("failover-" + fwId.value(), new LeadingMaster.FrameworkFailoverExpired(fwId, fw.disconnectedAtMillis), timeout);
    s.frameworkChanged(fw);
  }

  Behavior<LeaderProtocol.Command> onFailoverExpired(LeadingMaster.FrameworkFailoverExpired m) {
    FrameworkEntry fw = s.frameworks.get(m.frameworkId());
    if (fw != null && !fw.connected() && fw.disconnectedAtMillis == m.disconnectedAtMillis()) {
      teardown(fw, "failover timeout expired");
    }
    return Behaviors.same();
  }

  /** Kills the framework's tasks, withdraws its offers and forgets it, here and in the registry. */
  void teardown(FrameworkEntry fw, String why) {
    s.log.info("Tearing down framework [{}]: {}", fw.id.value(), why);
    for (var offer : s.offers.all()) {
      if (offer.frameworkId().equals(fw.id)) {
        s.rescind(offer, "framework removed");
      }
    }
    for (TaskEntry task : new ArrayList<>(s.tasks.values())) {
      if (task.frameworkId.equals(fw.id) && !task.state.isTerminal()) {
        AgentEntry agent = s.agents.get(task.agentId);
        if (agent != null) {
          agent.send(new AgentProtocol.KillTask(s.epoch, fw.id, task.id));
        }
      }
    }
    if (fw.bridge != null) {
      s.clientOf.remove(fw.bridge);
    }
    s.frameworks.remove(fw.id);
    s.admittedFrameworks.remove(fw.id.value());
    s.deps.allocator().tell(new AllocatorProtocol.FrameworkGone(s.epoch, fw.id));
    s.registryRemove(Table.FRAMEWORKS, fw.id.value());
  }
}
