package io.citadel.agent;

import io.citadel.runtime.client.MasterAddress;
import io.citadel.runtime.client.MasterConnection;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stands in for {@link MasterConnection} in agent tests: every call the agent sends goes to
 * {@link #sent}, and the test plays the master by injecting connection events into the agent.
 * One instance per agent; used from the test thread only.
 */
final class TestingConnection {
  final TestProbe<SessionCommand> sent;
  /** Update ids the test acknowledged: delivery is at least once, so a retry may still arrive after. */
  final java.util.Set<String> acknowledged = new java.util.HashSet<>();
  private final AtomicReference<ActorRef<MasterConnection.Event>> owner = new AtomicReference<>();

  TestingConnection(ActorTestKit kit) {
    this.sent = kit.createTestProbe();
  }

  /** The factory to pass to {@link Agent#create}. */
  Behavior<MasterConnection.Command> behavior(ActorRef<MasterConnection.Event> agent) {
    owner.set(agent);
    return Behaviors.receive(MasterConnection.Command.class)
        .onMessage(MasterConnection.Send.class, m -> {
          sent.ref().tell(m.call());
          return Behaviors.same();
        })
        .build();
  }

  void connected() {
    owner().tell(new MasterConnection.Connected(new MasterAddress("127.0.0.1", 5050), "agent/a1"));
  }

  void fromMaster(ClientMessage message) {
    owner().tell(new MasterConnection.Received(message));
  }

  private ActorRef<MasterConnection.Event> owner() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (owner.get() == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the agent did not create its connection within 5s");
      }
      Thread.onSpinWait();
    }
    return owner.get();
  }

  /** The next call of the given type; other calls (such as pongs) are skipped. */
  <T extends SessionCommand> T next(Class<T> type, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + within);
      }
      SessionCommand m = sent.receiveMessage(Duration.ofNanos(left));
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
  }
}
