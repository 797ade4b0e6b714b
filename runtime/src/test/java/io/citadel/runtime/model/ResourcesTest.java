package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

class ResourcesTest {

    @Test
    void parsesMesosTextIntoMilliUnitsAndPrintsItBack() {
        Resources r = Resources.parse("cpus:0.1;mem:32;disk:100;ports:[31000-32000,33000-33001]");
        assertThat(r.scalar("cpus")).isEqualTo(100);
        assertThat(r.scalar("mem")).isEqualTo(32_000);
        assertThat(r.scalar("disk")).isEqualTo(100_000);
        assertThat(r.scalar("gpus")).isZero();
        assertThat(r.ports()).containsExactly(Range.of(31000, 32000), Range.of(33000, 33001));
        assertThat(r.portCount()).isEqualTo(1003);
        assertThat(r.cpus()).isEqualTo(0.1);
        assertThat(r).hasToString("cpus:0.1;mem:32;disk:100;ports:[31000-32000,33000-33001]");
        assertThat(Resources.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void printsWellKnownNamesFirstThenCustomByName() {
        Resources r = Resources.parse(" ports:[1-2] ; zeta:1;mem:128; alpha:2.5;gpus:1;cpus:0.5;");
        assertThat(r).hasToString("cpus:0.5;mem:128;gpus:1;alpha:2.5;zeta:1;ports:[1-2]");
        assertThat(Resources.parse("")).isEqualTo(Resources.EMPTY).hasToString("");
        assertThat(Resources.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void normalisesAdjacentAndUnsortedRanges() {
        Resources r = Resources.parse("ports:[5-6,1-2,3-4]");
        assertThat(r.ports()).containsExactly(Range.of(1, 6));
        assertThat(Resources.ofPorts(Range.of(10, 11), Range.single(9))).isEqualTo(Resources.parse("ports:[9-11]"));
    }

    @Test
    void arithmeticIsExact() {
        Resources agent = Resources.parse("cpus:4;mem:8192;ports:[31000-31009]");
        Resources task = Resources.parse("cpus:0.25;mem:100;ports:[31003-31004]");
        Resources left = agent.minus(task);
        assertThat(left).hasToString("cpus:3.75;mem:8092;ports:[31000-31002,31005-31009]");
        assertThat(left.plus(task)).isEqualTo(agent);
        assertThat(agent.contains(task)).isTrue();
        assertThat(left.contains(task)).isFalse();
        assertThat(task.minus(task)).isEqualTo(Resources.EMPTY);
        assertThat(agent.plus(Resources.EMPTY)).isSameAs(agent);
        assertThat(agent.contains(Resources.parse("gpus:1"))).isFalse();
    }

    @Test
    void minusNeverGoesNegative() {
        Resources agent = Resources.parse("cpus:1;mem:100");
        assertThatThrownBy(() -> agent.minus(Resources.parse("cpus:1.001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cpus: cannot subtract 1.001 from 1 (would be negative)");
        assertThatThrownBy(() -> agent.minus(Resources.parse("gpus:1"))).hasMessageStartingWith("gpus:");
        assertThatThrownBy(() -> agent.minus(Resources.parse("ports:[80-80]"))).hasMessageStartingWith("ports:");
    }

    @Test
    void addingAPortTwiceIsAnAccountingErrorNotASilentUnion() {
        Resources free = Resources.parse("ports:[31000-31010]");
        assertThatThrownBy(() -> free.plus(Resources.parse("ports:[31005-31005]")))
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining("ports: ranges [31000-31010] and [31005-31005] overlap");
    }

    @Test
    void takesTheLowestPortsForALaunch() {
        Resources offer = Resources.parse("cpus:1;ports:[31000-31001,31005-31010]");
        assertThat(offer.takePorts(3)).isEqualTo(Resources.parse("ports:[31000-31001,31005-31005]"));
        assertThat(offer.takePorts(0)).isEqualTo(Resources.EMPTY);
        assertThatThrownBy(() -> offer.takePorts(9)).hasMessage("ports: 9 requested but only 8 available in"
                + " [31000-31001,31005-31010]");
    }

    static Stream<Arguments> invalidText() {
        return Stream.of(
                Arguments.of("cpus:-1", "cpus: must not be negative, got -1"),
                Arguments.of("mem:NaN", "mem: must be a finite number, got 'NaN'"),
                Arguments.of("mem:Infinity", "mem: must be a finite number"),
                Arguments.of("cpus:-inf", "cpus: must be a finite number"),
                Arguments.of("cpus:0.0001", "cpus: has more than 3 decimal places"),
                Arguments.of("cpus:1e3", "cpus: is not a plain decimal number"),
                Arguments.of("cpus:abc", "cpus: is not a plain decimal number"),
                Arguments.of("cpus:", "cpus: is not a plain decimal number"),
                Arguments.of("cpus:100000000000.001", "cpus: is too large"),
                Arguments.of("cpus:99999999999999999999", "cpus: is too large"),
                Arguments.of("cpus:0", "cpus: must be positive, got 0"),
                Arguments.of("cpus:1;cpus:2", "cpus: given more than once"),
                Arguments.of("ports:[1-2];ports:[5-6]", "ports: given more than once"),
                Arguments.of("cpus", "entry 1: expected name:value"),
                Arguments.of("cpus:1;;mem:1", "entry 2: expected name:value"),
                Arguments.of("9cpus:1", "9cpus: resource name must match"),
                Arguments.of("cpus(ads):1", "cpus(ads): a reservation (role) is not allowed here"),
                Arguments.of("mem:[1-2]", "mem: only 'ports' takes ranges"),
                Arguments.of("ports:31000", "ports: expected ranges like [31000-32000"),
                Arguments.of("ports:[]", "ports: empty range list"),
                Arguments.of("ports:[-8080]", "ports: port numbers must not be negative, got '-8080'"),
                Arguments.of("ports:[8080]", "ports: expected a range begin-end, got '8080'"),
                Arguments.of("ports:[5-3]", "ports: range [5-3] has begin > end"),
                Arguments.of("ports:[65535-65536]", "ports: range [65535-65536] is outside 0..65535"),
                Arguments.of("ports:[31000-32000,31500-31600]", "ports: ranges [31000-32000] and [31500-31600] overlap"),
                Arguments.of("ports:[1-2,1-2]", "ports: ranges [1-2] and [1-2] overlap"));
    }

    @ParameterizedTest
    @MethodSource("invalidText")
    void parseRejectsInvalidTextNamingTheField(String text, String expected) {
        assertThatThrownBy(() -> Resources.parse(text))
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void constructorRejectsInvalidValuesNamingTheField() {
        assertThatThrownBy(() -> new Resources(Map.of("cpus", -1000L), List.of()))
                .hasMessageContaining("cpus: must not be negative");
        assertThatThrownBy(() -> new Resources(Map.of("mem", 0L), List.of())).hasMessageContaining("mem: must be positive");
        assertThatThrownBy(() -> new Resources(Map.of("ports", 1L), List.of())).hasMessageContaining("ports: ports are ranges");
        assertThatThrownBy(() -> new Resources(Map.of("a b", 1L), List.of())).hasMessageContaining("a b: resource name");
        assertThatThrownBy(() -> Resources.ofScalar("gpus", Long.MAX_VALUE)).hasMessageContaining("gpus: is too large");
        List<Range> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new Resources(Map.of(), withNull)).hasMessageContaining("ports: contains a null range");
        assertThatThrownBy(() -> Range.of(-1, 5)).hasMessage("ports: range [-1-5] is outside 0..65535");
    }

    @Test
    void B04_negativeResourcesRejectedAtSubmission() {
        InvalidResourcesException e = catchThrowableOfType(InvalidResourcesException.class,
                () -> Resources.parse("mem:-128;cpus:-1;ports:[-8080]"));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("mem", "cpus", "ports");
        assertThat(e.getMessage()).contains("mem: must not be negative, got -128", "cpus: must not be negative, got -1",
                "ports: port numbers must not be negative");

        // Zero-sized requests are refused at submission, not accepted and failed later.
        assertThatThrownBy(() -> Resources.parse("cpus:0;mem:128")).hasMessageContaining("cpus: must be positive");
        assertThatThrownBy(() -> Resources.parse("cpus:1;mem:0")).hasMessageContaining("mem: must be positive");
        assertThatThrownBy(() -> Resources.parse("disk:10").validateForTask())
                .hasMessageContaining("cpus/mem: a task must ask for cpus or mem");
        assertThatThrownBy(() -> Resources.parse("cpus:0.001;mem:0.5").validateForTask())
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining("cpus: a task needs at least 0.01, got 0.001")
                .hasMessageContaining("mem: a task needs at least 1 MB, got 0.5");
        Resources ok = Resources.parse("cpus:0.01");
        assertThat(ok.validateForTask()).isSameAs(ok);
        assertThat(Resources.parse("mem:1").taskViolations()).isEmpty();

        // Subtracting a "negative" is impossible, so a bad request can never grow an agent's free pool.
        Resources free = Resources.parse("cpus:4;mem:1024");
        assertThatThrownBy(() -> free.minus(new Resources(Map.of("mem", -128_000L), List.of())))
                .isInstanceOf(InvalidResourcesException.class);
        assertThat(free).hasToString("cpus:4;mem:1024");
    }

    @Test
    void B06_noFloatingPointDrift() {
        Resources agent = Resources.parse("cpus:1.0;mem:1024");
        Resources task = Resources.parse("cpus:0.1;mem:100");
        Resources free = agent;
        for (int round = 0; round < 100; round++) {
            List<Resources> running = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                assertThat(free.contains(task)).as("round %d task %d fits", round, i).isTrue();
                free = free.minus(task);
                running.add(task);
            }
            assertThat(free.scalar("cpus")).as("round %d: nothing left, exactly", round).isZero();
            assertThat(free).isEqualTo(Resources.parse("mem:24"));
            assertThat(free.contains(Resources.ofScalar("cpus", 1))).isFalse();
            for (Resources r : running) {
                free = free.plus(r);
            }
            assertThat(free).isEqualTo(agent);
        }
        assertThat(free.scalar("cpus")).isEqualTo(1000);
        assertThat(free.cpus()).isEqualTo(1.0);
        assertThat(free).hasToString("cpus:1;mem:1024");
    }

    @Test
    void B03_identicalPortRangesOnDifferentAgentsAreLegal() {
        List<Resources> agents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            agents.add(Resources.parse("cpus:4;mem:4096;ports:[31000-32000]"));
        }
        // Each agent gives port 31000 to one task; nothing is merged across agents.
        Resources oneTask = Resources.parse("cpus:1;mem:128");
        long pooledPorts = 0;
        Resources clusterScalars = Resources.EMPTY;
        for (Resources agent : agents) {
            Resources launch = oneTask.plus(agent.takePorts(1));
            assertThat(launch.ports()).containsExactly(Range.single(31000));
            Resources left = agent.minus(launch);
            assertThat(left.ports()).containsExactly(Range.of(31001, 32000));
            pooledPorts += agent.portCount();
            clusterScalars = clusterScalars.plus(agent.scalarsOnly());
        }
        assertThat(pooledPorts).isEqualTo(4 * 1001).isNotEqualTo(1102);
        assertThat(clusterScalars).hasToString("cpus:16;mem:16384");

        // One agent advertising overlapping ranges is refused, naming the overlap.
        assertThatThrownBy(() -> Resources.parse("cpus:4;ports:[31000-32000,31500-31600]"))
                .isInstanceOf(InvalidResourcesException.class)
                .hasMessageContaining("ports: ranges [31000-32000] and [31500-31600] overlap");
        assertThatThrownBy(() -> new Resources(Map.of(), List.of(Range.of(31000, 32000), Range.of(31500, 31600))))
                .hasMessageContaining("ports: ranges [31000-32000] and [31500-31600] overlap");
    }

    @Test
    void rejectsHugeInputBeforeParsing() {
        assertThatThrownBy(() -> Resources.parse("cpus:1;" + "x".repeat(300_000)))
                .hasMessageContaining("resources: text is");
        assertThatThrownBy(() -> Resources.parse(null)).hasMessageContaining("resources: text must not be null");
    }
}
