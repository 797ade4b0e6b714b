package io.citadel.agent.process;

import java.util.Objects;

/**
 * The outcome of {@link TaskProcessHandle#kill(java.time.Duration)}: the task's final status and how
 * it ended, so the executor can tell a clean shutdown from a forced one.
 *
 * <p>Immutable.
 */
public record KillResult(ExitStatus status, How how) {

    /** How the kill request ended the task. */
    public enum How {
        /** The task had already ended; nothing was signalled. */
        ALREADY_EXITED,
        /** The task ended within the grace period after SIGTERM to its process group. */
        TERMINATED,
        /** The grace period ran out and the process group (and cgroup) got SIGKILL. */
        KILLED_AFTER_GRACE
    }

    public KillResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(how, "how");
    }
}
