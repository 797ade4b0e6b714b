package io.citadel.master.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.citadel.master.leader.LeaderProtocol;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.GatewayProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.ClientMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway and its sessions, with two actor systems as on a master (gateway system, cluster system)
 * and a probe standing in for the leading master. The verifier is a hand-written double: the token
 * "good:<principal>" verifies as that principal, anything else is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MasterGatewayActorTest {
  private static final com.typesafe.config.Config LOCAL = ConfigFactory.parseString(
      "pekko.actor.provider = local\npekko.remote.artery.enabled = off").withFallback(ConfigFactory.load());
  private final ActorTestKit gatewayKit = ActorTestKit.create("gw", LOCAL);
  private final ActorSystem<Void> cluster = ActorSystem.create(Behaviors.empty(), "cluster", LOCAL);
  private final TestProbe<LeaderProtocol.Command> leader = TestProbe.create(cluster);
  private final IdentitySeal seal = new IdentitySeal(new byte[32]);
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final TokenVerifier verifier = token -> {
    String text = new String(token, java.nio.charset.StandardCharsets.UTF_8);
    return text.startsWith("good:") ? new TokenVerifier.Verified(text.substring(5)) : new TokenVerifier.Refused("bad token");
  };
  private final ActorRef<Object> gateway = gatewayKit.spawn(MasterGateway.create(new GatewayContext(cluster, leader.ref(), seal,
      verifier, "m1:5050", new GatewaySettings(Duration.ofMillis(200), Duration.ofSeconds(2), 4), metrics)));

  @AfterAll
  void shutdown() {
    gatewayKit.shutdownTestKit();
    cluster.terminate();
  }

  private GatewayProtocol.SessionOpened open(ClientKind kind, String principal, TestProbe<ClientMessage> client) {
    gateway.tell(new GatewayProtocol.Authenticate(kind, ("good:" + principal).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        client.ref()));
    return client.expectMessageClass(GatewayProtocol.SessionOpened.class);
  }

  /** The first message of the given type within the deadline; other messages are skipped. */
  private static <T, M extends T> M first(TestProbe<T> probe, Class<M> type, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + within);
      }
      T m = probe.receiveMessage(Duration.ofNanos(left));
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
  }

  @Test
  void refusedTokenOpensNoSession() {
    TestProbe<ClientMessage> client = gatewayKit.createTestProbe();
    long before = metrics.refusedAuthenticationCount();
    gateway.tell(new GatewayProtocol.Authenticate(ClientKind.FRAMEWORK, "forged".getBytes(), client.ref()));
    assertThat(client.expectMessageClass(GatewayProtocol.AuthenticationRefused.class).reason()).contains("bad token");
    assertThat(metrics.refusedAuthenticationCount()).isEqualTo(before + 1);
  }

  @Test
  void B28_sessionStampsTheAuthenticatedPrincipalNotTheDeclaredOne() {
    TestProbe<ClientMessage> client = gatewayKit.createTestProbe();
    var opened = open(ClientKind.FRAMEWORK, "hdfs@EXAMPLE.TEST", client);
    assertThat(opened.principal()).isEqualTo("hdfs@EXAMPLE.TEST");
    var info = new FrameworkProtocol.FrameworkInfo("f", List.of("hdfs"), "marathon", "", 0);
    opened.session().tell(new FrameworkProtocol.Subscribe(info, null));
    LeaderProtocol.ClientCall call = first(leader, LeaderProtocol.ClientCall.class, Duration.ofSeconds(3));
    assertThat(call.identity().principal()).isEqualTo("hdfs@EXAMPLE.TEST");
    assertThat(call.identity().kind()).isEqualTo(ClientKind.FRAMEWORK);
    var id = call.identity();
    assertThat(seal.verify(call.seal(), id.sessionId(), id.kind().name(), id.principal(), id.gateway(), call.requestId())).isTrue();
    assertThat(seal.verify(call.seal(), id.sessionId(), id.kind().name(), "root@EXAMPLE.TEST", id.gateway(), call.requestId())).isFalse();
  }

  @Test
  void masterInternalMessagesAndWrongKindCallsAreRefused() {
    TestProbe<ClientMessage> client = gatewayKit.createTestProbe();
    var opened = open(ClientKind.FRAMEWORK, "fw@EXAMPLE.TEST", client);
    long before = metrics.refusedCallCount();
    // A master-internal message delivered to the session (as a hostile client could try) is dropped.
    @SuppressWarnings("unchecked")
    ActorRef<Object> raw = (ActorRef<Object>) (ActorRef<?>) opened.session();
    raw.tell(new LeaderProtocol.LeaderStatus(99, true));
    // An agent call on a framework session is refused with a typed error.
    opened.session().tell(new AgentProtocol.RegisterAgent(new AgentProtocol.AgentInfo("h", AgentResources.EMPTY, Attributes.EMPTY),
        null, List.of()));
    assertThat(first(client, FrameworkProtocol.Error.class, Duration.ofSeconds(3)).code()).isEqualTo("INVALID_CALL");
    assertThat(metrics.refusedCallCount()).isEqualTo(before + 2);
    // The gateway itself accepts nothing but Authenticate.
    gateway.tell(new GatewayProtocol.Heartbeat(1));
    client.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void sessionWithoutHeartbeatsExpires() {
    TestProbe<ClientMessage> client = gatewayKit.createTestProbe();
    var opened = open(ClientKind.AGENT, "agent/a1@EXAMPLE.TEST", client);
    opened.session().tell(new GatewayProtocol.Heartbeat(1));
    var ack = client.expectMessageClass(GatewayProtocol.HeartbeatAck.class);
    assertThat(ack.seq()).isEqualTo(1);
    assertThat(first(client, GatewayProtocol.SessionClosed.class, Duration.ofSeconds(6)).reason()).contains("lease");
    assertThat(Arrays.asList(opened.session().path().name().split("-"))).hasSize(2);
    assertThat(opened.session().path().name()).matches("s-[0-9a-f]{32}");
  }
}
