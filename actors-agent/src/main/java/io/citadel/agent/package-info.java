/**
 * The agent role: the {@link io.citadel.agent.Agent} actor, its executors and its checkpoints.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link io.citadel.agent.Agent}: registers with the leading master, routes RunTask/KillTask to
 *       executors, fences stale master epochs, owns the task table.</li>
 *   <li>{@code Executor}: one actor per task, launching it (or, after a restart, watching the
 *       re-attached process in "recovered" mode) through {@link io.citadel.agent.process}.</li>
 *   <li>{@code StatusUpdates}: per-task ordered queues, head in flight, retried with back-off until
 *       acknowledged.</li>
 *   <li>{@code Checkpoints}: agent id, tasks and unacknowledged updates under {@code work-dir/meta},
 *       each record a {@code SealedRecord} (AES-256-GCM under a {@link io.citadel.agent.CheckpointKeys}
 *       key id, plus CRC32C).</li>
 * </ul>
 *
 * <h2>Flow</h2>
 * <pre>
 *   start: Checkpoints.recover ─▶ re-attach live tasks (Executor.recover), re-queue updates,
 *          refused records ─▶ LOST
 *   Connected ─▶ RegisterAgent(tasks) ─▶ AgentRegistered(epoch) ─▶ send every queue head
 *   RunTask ─▶ sandbox + checkpoint ─▶ Executor.launch ─▶ STARTING, RUNNING, terminal
 *   each update: checkpoint state + queue, then send head ─▶ AcknowledgeUpdate ─▶ next head
 *   terminal update acknowledged ─▶ checkpoints removed
 * </pre>
 */
package io.citadel.agent;
