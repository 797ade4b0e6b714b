/**
 * Task processes on an agent: sandboxes, launching under a supervisor that outlives the agent JVM,
 * exit statuses, kill with a grace period, and isolation (posix always, cgroups v2/v1 where the host
 * allows). Plain Java with no Pekko imports; the executor actor drives it.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link io.citadel.agent.process.Sandbox}: the run directory; its files are the only record
 *       of a task that survives an agent restart.</li>
 *   <li>supervisor: a generated {@code /bin/sh} script ({@code SupervisorScript}), started with
 *       {@code setsid}; parent of the task; writes {@code supervisor.pid}, {@code task.pid} and, once
 *       the task and its process group are gone, {@code exit_status} (atomically).</li>
 *   <li>task: the command, leader of its own session and process group (pgid = task pid), in its
 *       cgroup when cgroups are active.</li>
 *   <li>identity: pid + start ticks + boot id ({@code ProcessIdentity}); nothing is signalled on a
 *       pid alone.</li>
 * </ul>
 *
 * <h2>Flow</h2>
 * <pre>
 *   TaskProcessLauncher.launch(spec)
 *     ├─ TaskCgroup.create (cgroups only): mkdir, memory/cpu limits
 *     ├─ launch.properties, supervisor.sh
 *     └─ setsid /bin/sh supervisor.sh ──▶ ( join cgroup; ulimit; exec setsid cmd ) &  ──▶ wait
 *                                         stdout/stderr → sandbox files             exit_status
 *   TaskProcessHandle  ◀── ExitWatcher polls exit_status / supervisor identity every 100 ms
 *     kill(grace): TERM to -pgid … grace … KILL to -pgid and the cgroup
 *   TaskProcessHandle.reattach(dir): the same handle rebuilt from the files after an agent restart
 * </pre>
 */
package io.citadel.agent.process;
