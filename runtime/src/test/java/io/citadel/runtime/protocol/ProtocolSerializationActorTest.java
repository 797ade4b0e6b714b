package io.citadel.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every wire message round-trips through the bound CBOR serializer; Java serialization is never used. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolSerializationActorTest {
  private final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString(
      "pekko.actor.provider = local\npekko.actor.serialize-messages = on\npekko.remote.artery.enabled = off")
      .withFallback(ConfigFactory.load()));

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  private Object roundTrip(Object message) {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    var serializer = serialization.findSerializerFor(message);
    assertThat(serializer.getClass().getName()).contains("Jackson");
    byte[] bytes = serialization.serialize(message).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
  }

  @Test
  void frameworkAndAgentMessagesRoundTrip() {
    TestProbe<GatewayProtocol.ClientMessage> probe = kit.createTestProbe();
    var launch = new FrameworkProtocol.TaskLaunch(TaskId.of("t1"), "t1", Resources.parse("cpus:0.1;mem:32;ports:[31000-31001]"),
        new FrameworkProtocol.CommandInfo("echo hi", Map.of("A", "b"), List.of()));
    var status = new TaskStatus(TaskId.of("t1"), FrameworkId.of("fw-1"), AgentId.of("agent-1"), TaskState.FAILED,
        TaskStatusReason.COMMAND_EXITED_NONZERO, "exited with 3", "u-1", 42L, 3, "tail");
    List<Object> messages = List.of(
        new GatewayProtocol.Authenticate(GatewayProtocol.ClientKind.AGENT, new byte[] {1, 2, 3}, probe.ref()),
        new GatewayProtocol.Heartbeat(7),
        new GatewayProtocol.HeartbeatAck(7, 2, true),
        new FrameworkProtocol.Subscribe(new FrameworkProtocol.FrameworkInfo("f", List.of("eng/a"), "", "", 1000), null),
        new FrameworkProtocol.Accept(List.of(OfferId.of("offer-1")), List.of(launch), 5.0),
        new FrameworkProtocol.Offers(List.of(new FrameworkProtocol.Offer(OfferId.of("offer-1"), FrameworkId.of("fw-1"),
            AgentId.of("agent-1"), "h", "eng", Resources.parse("cpus:1"), Attributes.parse("rack:r1"), 3))),
        new FrameworkProtocol.Update(status),
        new AgentProtocol.RegisterAgent(new AgentProtocol.AgentInfo("h", AgentResources.parse("cpus(ads):2;cpus:4;mem:1024"),
            Attributes.EMPTY), AgentId.of("agent-1"), List.of(new AgentProtocol.TaskReport(FrameworkId.of("fw-1"),
            TaskId.of("t1"), Resources.parse("cpus:1"), TaskState.RUNNING))),
        new AgentProtocol.RunTask(4, FrameworkId.of("fw-1"), "p@R", launch),
        new AgentProtocol.StatusUpdate(status));
    for (Object m : messages) {
      Object back = roundTrip(m);
      if (m instanceof GatewayProtocol.Authenticate a) {
        assertThat(((GatewayProtocol.Authenticate) back).token()).containsExactly(a.token());
        assertThat(((GatewayProtocol.Authenticate) back).replyTo()).isEqualTo(a.replyTo());
      } else {
        assertThat(back).as(m.getClass().getSimpleName()).isEqualTo(m);
      }
    }
  }

  @Test
  void unknownFieldsAreRefused() {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    var message = new GatewayProtocol.Heartbeat(1);
    var serializer = serialization.findSerializerFor(message);
    var mapper = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    byte[] forged;
    try {
      forged = mapper.writeValueAsBytes(Map.of("seq", 1, "principal", "root"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    var result = serialization.deserialize(forged, serializer.identifier(), Serializers.manifestFor(serializer, message));
    assertThat(result.isFailure()).as("a message with an unknown field must be refused").isTrue();
  }
}
