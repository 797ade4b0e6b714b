package io.citadel.runtime.model;

/**
 * Why a task reached the state in its status update, so that a framework can tell a problem of
 * its own (bad request, needs a fix) from one of the cluster (retry elsewhere, no penalty).
 * Immutable.
 */
public enum TaskStatusReason {
    /** The offer named in the accept is unknown, already used or for another framework (B01). */
    INVALID_OFFER,
    /** The offer was rescinded (or its agent removed) before the accept arrived; retry freely (B08). */
    OFFER_RESCINDED,
    /** The task id is already used by a live task of the framework (B02). */
    DUPLICATE_TASK_ID,
    /** The task's resources are invalid (negative, zero, malformed) or not in the offer (B04). */
    INVALID_RESOURCES,
    /** The task description is otherwise invalid (bad ids, command, sizes). */
    INVALID_TASK,
    /** No agent in the cluster is large enough for the task (B07). */
    UNSATISFIABLE,
    /** The authorizer refused the launch (e.g. run_task as that user). */
    UNAUTHORIZED,
    /** The launch signature is missing, invalid, or not by the task's framework. */
    SIGNATURE_INVALID,
    /** The command exited with a non-zero status. */
    COMMAND_EXITED_NONZERO,
    /** The framework asked for the kill. */
    KILLED_BY_FRAMEWORK,
    /** An operator asked for the kill (or drained the agent). */
    KILLED_BY_OPERATOR,
    /** The framework was removed (torn down, or past its failover timeout), so its tasks were killed (B09). */
    FRAMEWORK_REMOVED,
    /** The task's executor exited or failed. */
    EXECUTOR_TERMINATED,
    /** The executor did not register in time. */
    EXECUTOR_REGISTRATION_TIMEOUT,
    /** The task was killed for exceeding its memory limit. */
    MEMORY_LIMIT,
    /** The task was killed for exceeding its disk limit. */
    DISK_LIMIT,
    /** An artifact could not be fetched. */
    FETCH_FAILED,
    /** A fetched artifact's SHA-256 does not match the one the task asked for. */
    CHECKSUM_MISMATCH,
    /** The sandbox or isolation could not be set up. */
    SANDBOX_SETUP_FAILED,
    /** The task's process could not be started. */
    LAUNCH_FAILED,
    /** The agent was removed from the cluster. */
    AGENT_REMOVED,
    /** The agent restarted and could not recover the task. */
    AGENT_RESTARTED,
    /** The agent stopped answering pings. */
    AGENT_UNREACHABLE,
    /** The command came from a master or agent epoch that is no longer current. */
    STALE_EPOCH,
    /** The update answers an explicit reconciliation request. */
    RECONCILIATION,
    /** The kill arrived while the task was still being launched. */
    KILLED_DURING_LAUNCH,
    /** No more specific reason applies; the message says what happened. */
    OTHER
}
