package io.citadel.runtime.sdk;

import io.citadel.runtime.client.MasterConnection;
import io.citadel.runtime.launcher.SystemConfigs;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.security.kerberos.KerberosInitiator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The framework side of Citadel's scheduler API. {@link #start} authenticates with the framework's
 * keytab, subscribes with its roles, and from then on calls the {@link Scheduler}; when its master is
 * gone it reconnects to another master's gateway and re-subscribes under the same framework id.
 *
 * <p>Thread-safe: every method only sends a message to the driver's actor. Launch requests are
 * validated here first (field case B04), so a bad request fails in the caller with every bad field
 * named, before anything is sent.
 */
public final class FrameworkDriver implements AutoCloseable {
  private final ActorSystem<DriverActor.Command> system;
  private final KerberosInitiator initiator;
  private final AtomicReference<FrameworkId> frameworkId;

  private FrameworkDriver(ActorSystem<DriverActor.Command> system, KerberosInitiator initiator, AtomicReference<FrameworkId> id) {
    this.system = system;
    this.initiator = initiator;
    this.frameworkId = id;
  }

  /** @param existingId the id to re-subscribe under (a restarted framework), or null for a new one */
  public static FrameworkDriver start(DriverSettings settings, FrameworkInfo info, FrameworkId existingId, Scheduler scheduler)
      throws Exception {
    KerberosInitiator initiator = KerberosInitiator.login(settings.kerberos());
    var config = SystemConfigs.forSystem(settings.systemConfig(), SystemConfigs.Kind.FRAMEWORK, settings.hostname(), 0,
        "citadel.framework.tls");
    AtomicReference<FrameworkId> id = new AtomicReference<>(existingId);
    AtomicReference<FrameworkDriver> self = new AtomicReference<>();
    Behavior<DriverActor.Command> behavior = Behaviors.setup(ctx -> {
      var adapter = ctx.messageAdapter(MasterConnection.Event.class, DriverActor.FromConnection::new);
      ActorRef<MasterConnection.Command> connection = ctx.spawn(
          MasterConnection.create(settings.client(), ClientKind.FRAMEWORK, initiator::initiate, adapter), "master-connection");
      return DriverActor.create(ctx, connection, info, id, scheduler, self::get);
    });
    ActorSystem<DriverActor.Command> system = ActorSystem.create(behavior,
        settings.client().clusterName() + "-framework", config);
    FrameworkDriver driver = new FrameworkDriver(system, initiator, id);
    self.set(driver);
    return driver;
  }

  /** The framework id once subscribed, else null. */
  public FrameworkId frameworkId() {
    return frameworkId.get();
  }

  /** Launches tasks on the offers (all on one agent); what is left is declined for {@code refuseSeconds}. */
  public void accept(List<OfferId> offers, List<TaskLaunch> launches, double refuseSeconds) {
    for (TaskLaunch l : launches) {
      l.resources().validateForTask();
    }
    call(new FrameworkProtocol.Accept(offers, launches, refuseSeconds));
  }

  /** Announces a pending task's needs; the master answers {@code error("UNSATISFIABLE", ...)} if no agent could hold it. */
  public void request(String name, io.citadel.runtime.model.Resources resources) {
    resources.validateForTask();
    call(new FrameworkProtocol.Request(name, resources));
  }

  public void decline(List<OfferId> offers, double refuseSeconds) {
    call(new FrameworkProtocol.Decline(offers, refuseSeconds));
  }

  public void kill(TaskId task) {
    call(new FrameworkProtocol.Kill(task));
  }

  public void revive() {
    call(new FrameworkProtocol.Revive(List.of()));
  }

  public void suppress() {
    call(new FrameworkProtocol.Suppress(List.of()));
  }

  public void reconcile(List<TaskId> tasks) {
    call(new FrameworkProtocol.Reconcile(tasks));
  }

  /** Unregisters the framework: its tasks are killed and it is forgotten. */
  public void teardown() {
    call(new FrameworkProtocol.Teardown());
  }

  void acknowledge(TaskStatus status) {
    call(new FrameworkProtocol.Acknowledge(status.agentId(), status.taskId(), status.updateId()));
  }

  private void call(SessionCommand c) {
    system.tell(new DriverActor.Call(c));
  }

  public CompletionStage<Void> whenTerminated() {
    return system.getWhenTerminated().thenApply(d -> null);
  }

  /** Closes the session (the framework stays registered until its failover timeout) and stops. */
  @Override
  public void close() {
    system.tell(new DriverActor.Stop());
    system.getWhenTerminated().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
    initiator.close();
  }
}
