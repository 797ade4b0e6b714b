package io.citadel.runtime.model;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The life-cycle states of a task, as in Mesos, and the transitions between them.
 *
 * <pre>
 *                         ┌──────────────┐
 *   (accepted) ─────────▶ │   STAGING    │ ──▶ DROPPED, ERROR   (refused before launch)
 *                         └──────┬───────┘
 *                                ▼
 *                         ┌──────────────┐
 *                         │   STARTING   │
 *                         └──────┬───────┘
 *                                ▼
 *                         ┌──────────────┐   kill    ┌──────────────┐
 *                         │   RUNNING    │ ────────▶ │   KILLING    │
 *                         └──────┬───────┘           └──────┬───────┘
 *                                ▼                          ▼
 *        FINISHED  FAILED  KILLED  LOST  GONE  GONE_BY_OPERATOR      (terminal)
 *
 *   Any non-terminal state ──agent unreachable──▶ UNREACHABLE ──agent back──▶ STARTING/RUNNING/KILLING
 *                                                       └──────────────────▶ any terminal but DROPPED/ERROR
 *   UNKNOWN: answer to reconciliation only ("the master does not know this task"); never a
 *   stored state, so no transition leads to or from it.
 * </pre>
 *
 * Rules, all visible in {@link #canTransitionTo}: states only move forward (STAGING → STARTING →
 * RUNNING → KILLING); any non-terminal state may jump to a terminal one (a short task may finish
 * before its STARTING update arrives), except that DROPPED and ERROR mean "never launched" and
 * so follow only STAGING; a non-terminal state may repeat (a second RUNNING update carries, say,
 * a health change); terminal states are final. Immutable.
 */
public enum TaskState {
    /** Accepted by the master, sent to the agent, not yet started there. */
    STAGING,
    /** The agent's executor is starting the task (fetching, setting up the sandbox). */
    STARTING,
    /** The task's process is running. */
    RUNNING,
    /** A kill was requested; the task is being stopped (grace period before SIGKILL). */
    KILLING,
    /** Terminal: the task exited with status 0. */
    FINISHED,
    /** Terminal: the task exited non-zero, or its executor failed it (e.g. over its memory). */
    FAILED,
    /** Terminal: the task was killed on request. */
    KILLED,
    /** Terminal: the task description or launch was invalid; it was never launched. */
    ERROR,
    /** Terminal: the task was lost (kept for Mesos compatibility; prefer the precise states below). */
    LOST,
    /** Terminal: the task was refused before launch for a transient reason; it may be retried. */
    DROPPED,
    /** The task's agent is unreachable; the task may still be running there. */
    UNREACHABLE,
    /** Terminal: the task's agent was removed (e.g. it failed to come back in time); the task is gone. */
    GONE,
    /** Terminal: an operator declared the agent, and so the task, gone. */
    GONE_BY_OPERATOR,
    /** Reconciliation answer only: the master has no knowledge of the task. */
    UNKNOWN;

    private static final Set<TaskState> TERMINAL =
            EnumSet.of(FINISHED, FAILED, KILLED, ERROR, LOST, DROPPED, GONE, GONE_BY_OPERATOR);
    /** Terminal states that mean the task did run (or may have): reachable after launch. */
    private static final Set<TaskState> TERMINAL_AFTER_LAUNCH =
            EnumSet.of(FINISHED, FAILED, KILLED, LOST, GONE, GONE_BY_OPERATOR);

    /** Whether no further transition is possible. */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a task in this state may move to {@code next} (see the class comment for the rules). */
    public boolean canTransitionTo(TaskState next) {
        return transitionError(next).isEmpty();
    }

    /** Why a task in this state may not move to {@code next}, or empty if it may. */
    public Optional<String> transitionError(TaskState next) {
        if (next == null) {
            return Optional.of("the next state must not be null");
        }
        if (this == UNKNOWN || next == UNKNOWN) {
            return Optional.of("TASK_UNKNOWN is a reconciliation answer, not a state a task moves from or to");
        }
        if (isTerminal()) {
            return Optional.of(this + " is terminal; no transition to " + next + " is possible");
        }
        if (next == this) {
            return Optional.empty();
        }
        boolean allowed = switch (this) {
            case STAGING -> true; // every other state: forward, terminal, or unreachable
            case STARTING -> next == RUNNING || next == KILLING || next == UNREACHABLE
                    || TERMINAL_AFTER_LAUNCH.contains(next);
            case RUNNING -> next == KILLING || next == UNREACHABLE || TERMINAL_AFTER_LAUNCH.contains(next);
            case KILLING -> next == UNREACHABLE || TERMINAL_AFTER_LAUNCH.contains(next);
            case UNREACHABLE -> next == STARTING || next == RUNNING || next == KILLING
                    || TERMINAL_AFTER_LAUNCH.contains(next);
            default -> false;
        };
        return allowed ? Optional.empty()
                : Optional.of("a task in " + this + " cannot move to " + next + describeWhy(next));
    }

    /**
     * Checks the transition of one task.
     *
     * @throws IllegalStateException naming the task and both states when it is not allowed
     */
    public void requireTransitionTo(TaskId task, TaskState next) {
        transitionError(next).ifPresent(error -> {
            throw new IllegalStateException("task " + task + ": " + error);
        });
    }

    private String describeWhy(TaskState next) {
        if (next == DROPPED || next == ERROR) {
            return " (" + next + " means the task was never launched)";
        }
        return " (states only move forward: STAGING, STARTING, RUNNING, KILLING)";
    }
}
