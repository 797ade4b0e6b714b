package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;

/**
 * Round trips through Jackson CBOR, as on the wire, with a plain mapper and with the
 * parameter-names module that Pekko's mapper registers; invalid payloads must be refused.
 */
class ModelJacksonTest {

    /** A message-like record holding every model type. */
    record Envelope(FrameworkId framework, AgentId agent, OfferId offer, TaskId task, ExecutorId executor,
                    Role role, Resources resources, AgentResources agentResources, Attributes attributes,
                    TaskState state, TaskStatusReason reason) {
    }

    static Stream<ObjectMapper> mappers() {
        return Stream.of(new CBORMapper(), CBORMapper.builder().addModule(new ParameterNamesModule()).build());
    }

    private static final JsonMapper JSON = new JsonMapper();

    @ParameterizedTest
    @MethodSource("mappers")
    void everyModelTypeRoundTrips(ObjectMapper cbor) throws Exception {
        Envelope e = new Envelope(FrameworkId.random(), AgentId.of("agent-1"), OfferId.random(), TaskId.of("job-1"),
                ExecutorId.of("exec.1"), Role.of("eng/web"),
                Resources.parse("cpus:0.125;mem:128;gpus:1;fpga:2;ports:[31000-31005,32000-32000]"),
                AgentResources.parse("cpus(ads):8;ports(ads):[80-80];cpus:4"),
                Attributes.parse("rack:r1;level:3;slots:[1-4]"), TaskState.RUNNING, TaskStatusReason.INVALID_OFFER);
        byte[] bytes = cbor.writeValueAsBytes(e);
        assertThat(cbor.readValue(bytes, Envelope.class)).isEqualTo(e);
    }

    @ParameterizedTest
    @MethodSource("mappers")
    void idsAndRolesAreWrittenAsPlainStrings(ObjectMapper cbor) throws Exception {
        String json = JSON.writeValueAsString(List.of(TaskId.of("job-1"), Role.of("eng")));
        assertThat(json).isEqualTo("[\"job-1\",\"eng\"]");
        assertThat(JSON.writeValueAsString(Resources.parse("cpus:0.5;ports:[1-2]")))
                .isEqualTo("{\"scalars\":{\"cpus\":500},\"ports\":[{\"begin\":1,\"end\":2}]}");
        assertThat(JSON.writeValueAsString(Attributes.parse("rack:r1;level:3"))).isEqualTo("{\"level\":\"3\",\"rack\":\"r1\"}");
        assertThat(cbor.readValue(cbor.writeValueAsBytes(TaskId.of("x")), TaskId.class)).isEqualTo(TaskId.of("x"));
    }

    static Stream<Object[]> invalidPayloads() {
        return Stream.of(
                new Object[] {Resources.class, "{\"scalars\":{\"cpus\":-1000}}", "cpus: must not be negative"},
                new Object[] {Resources.class, "{\"scalars\":{\"mem\":0}}", "mem: must be positive"},
                new Object[] {Resources.class, "{\"scalars\":{\"cpus\":1.5}}", "cpus: must be a whole number of milli-units"},
                new Object[] {Resources.class, "{\"scalars\":{\"cpus\":99999999999999999999999}}", "cpus: is too large"},
                new Object[] {Resources.class, "{\"scalars\":{\"cpus\":null}}", "cpus: value must not be null"},
                new Object[] {Resources.class, "{\"scalars\":{\"bad name\":1}}", "bad name: resource name must match"},
                new Object[] {Resources.class, "{\"ports\":[{\"begin\":31000,\"end\":32000},{\"begin\":31500,\"end\":31600}]}",
                        "ports: ranges [31000-32000] and [31500-31600] overlap"},
                new Object[] {Resources.class, "{\"ports\":[{\"begin\":-1,\"end\":5}]}", "ports: range [-1-5] is outside"},
                new Object[] {Resources.class, "{\"ports\":[{\"begin\":1.5,\"end\":5}]}", "ports: range 'begin' must be a whole"},
                new Object[] {Resources.class, "{\"ports\":[{\"end\":5}]}", "ports: range is missing 'begin'"},
                new Object[] {AgentResources.class, "{\"reserved\":{\"-x\":{\"scalars\":{\"cpus\":1}}}}",
                        "reserved(-x): component '-x' must not start with '-'"},
                new Object[] {AgentResources.class,
                        "{\"unreserved\":{\"ports\":[{\"begin\":1,\"end\":9}]},\"reserved\":{\"a\":{\"ports\":[{\"begin\":5,\"end\":5}]}}}",
                        "ports: ranges [1-9] and [5-5] overlap"},
                new Object[] {TaskId.class, "\"../etc\"", "TaskId '../etc'"},
                new Object[] {AgentId.class, "\"\"", "AgentId must not be empty"},
                new Object[] {Role.class, "\"a//b\"", "role 'a//b': must not contain '//'"},
                new Object[] {Attributes.class, "{\"rack\":\"a b\"}", "rack: text must be"});
    }

    @ParameterizedTest
    @MethodSource("invalidPayloads")
    void invalidPayloadsAreRefusedOnDeserialisation(Class<?> type, String json, String expected) throws Exception {
        for (ObjectMapper cbor : mappers().toList()) {
            byte[] bytes = cbor.writeValueAsBytes(JSON.readTree(json));
            assertThatThrownBy(() -> cbor.readValue(bytes, type))
                    .as("%s from %s", type.getSimpleName(), json)
                    .hasMessageContaining(expected);
        }
    }
}
