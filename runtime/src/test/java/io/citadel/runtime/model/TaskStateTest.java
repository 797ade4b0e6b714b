package io.citadel.runtime.model;

import static io.citadel.runtime.model.TaskState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TaskStateTest {

    private static final Set<TaskState> AFTER_LAUNCH = EnumSet.of(FINISHED, FAILED, KILLED, LOST, GONE, GONE_BY_OPERATOR);

    /** The expected table, written independently of the implementation: from → allowed next states. */
    private static final Map<TaskState, Set<TaskState>> ALLOWED = Map.ofEntries(
            Map.entry(STAGING, EnumSet.complementOf(EnumSet.of(UNKNOWN))),
            Map.entry(STARTING, union(EnumSet.of(STARTING, RUNNING, KILLING, UNREACHABLE), AFTER_LAUNCH)),
            Map.entry(RUNNING, union(EnumSet.of(RUNNING, KILLING, UNREACHABLE), AFTER_LAUNCH)),
            Map.entry(KILLING, union(EnumSet.of(KILLING, UNREACHABLE), AFTER_LAUNCH)),
            Map.entry(UNREACHABLE, union(EnumSet.of(UNREACHABLE, STARTING, RUNNING, KILLING), AFTER_LAUNCH)),
            Map.entry(FINISHED, EnumSet.noneOf(TaskState.class)),
            Map.entry(FAILED, EnumSet.noneOf(TaskState.class)),
            Map.entry(KILLED, EnumSet.noneOf(TaskState.class)),
            Map.entry(ERROR, EnumSet.noneOf(TaskState.class)),
            Map.entry(LOST, EnumSet.noneOf(TaskState.class)),
            Map.entry(DROPPED, EnumSet.noneOf(TaskState.class)),
            Map.entry(GONE, EnumSet.noneOf(TaskState.class)),
            Map.entry(GONE_BY_OPERATOR, EnumSet.noneOf(TaskState.class)),
            Map.entry(UNKNOWN, EnumSet.noneOf(TaskState.class)));

    @Test
    void everyPairOfStatesFollowsTheTable() {
        assertThat(ALLOWED).containsOnlyKeys(TaskState.values());
        for (TaskState from : TaskState.values()) {
            for (TaskState to : TaskState.values()) {
                boolean expected = ALLOWED.get(from).contains(to);
                assertThat(from.canTransitionTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
                assertThat(from.transitionError(to).isPresent()).as("%s -> %s has an error", from, to).isNotEqualTo(expected);
            }
        }
    }

    @Test
    void terminalStatesAreExactlyTheMesosOnes() {
        assertThat(EnumSet.allOf(TaskState.class).stream().filter(TaskState::isTerminal))
                .containsExactlyInAnyOrder(FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR);
        for (TaskState s : TaskState.values()) {
            if (s.isTerminal()) {
                assertThat(ALLOWED.get(s)).as("%s is final", s).isEmpty();
            }
        }
    }

    @Test
    void errorsExplainTheRule() {
        assertThat(FINISHED.transitionError(RUNNING)).contains("FINISHED is terminal; no transition to RUNNING is possible");
        assertThat(RUNNING.transitionError(STAGING)).get().asString().contains("states only move forward");
        assertThat(RUNNING.transitionError(DROPPED)).get().asString().contains("never launched");
        assertThat(RUNNING.transitionError(UNKNOWN)).get().asString().contains("reconciliation answer");
        assertThat(RUNNING.transitionError(null)).contains("the next state must not be null");
        assertThatThrownBy(() -> KILLED.requireTransitionTo(TaskId.of("job-1"), RUNNING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("task job-1: KILLED is terminal; no transition to RUNNING is possible");
        RUNNING.requireTransitionTo(TaskId.of("job-1"), FINISHED);
    }

    private static Set<TaskState> union(Set<TaskState> a, Set<TaskState> b) {
        EnumSet<TaskState> out = EnumSet.copyOf(a);
        out.addAll(b);
        return out;
    }
}
