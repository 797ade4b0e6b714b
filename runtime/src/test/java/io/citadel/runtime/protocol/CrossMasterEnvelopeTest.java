package io.citadel.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.citadel.runtime.model.TaskId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Session commands and client messages travel as fields of the masters' envelopes, so they carry a
 * type id: a name from a closed list, never a class name.
 */
class CrossMasterEnvelopeTest {
  record Envelope(GatewayProtocol.SessionCommand call, GatewayProtocol.ClientMessage message) {}

  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void interfaceTypedFieldsRoundTripWithNamedTypeIds() throws Exception {
    var env = new Envelope(new FrameworkProtocol.Kill(TaskId.of("t1")), new FrameworkProtocol.Error("X", "y"));
    String json = mapper.writeValueAsString(env);
    assertThat(json).contains("\"@type\":\"framework.Kill\"").doesNotContain("io.citadel");
    assertThat(mapper.readValue(json, Envelope.class)).isEqualTo(env);
    var env2 = new Envelope(new AgentProtocol.Pong(3), new GatewayProtocol.HeartbeatAck(1, 2, true));
    assertThat(mapper.readValue(mapper.writeValueAsString(env2), Envelope.class)).isEqualTo(env2);
  }

  @Test
  void classNamesAndUnknownNamesAreRefused() {
    String byClass = "{\"call\":{\"@type\":\"java.util.ArrayList\"},\"message\":null}";
    assertThatThrownBy(() -> mapper.readValue(byClass, Envelope.class)).hasMessageContaining("java.util.ArrayList");
    String unknown = "{\"call\":{\"@type\":\"framework.Shutdown\"},\"message\":null}";
    assertThatThrownBy(() -> mapper.readValue(unknown, Envelope.class)).hasMessageContaining("framework.Shutdown");
    assertThat(List.of()).isEmpty();
  }
}
