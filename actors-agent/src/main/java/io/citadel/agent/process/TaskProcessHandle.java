package io.citadel.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running (or finished) task process, known only through its sandbox files, so that an identical
 * handle can be rebuilt by {@link #reattach(Path)} after the agent JVM was killed and restarted.
 *
 * <p>The sandbox is the source of truth: {@code exit_status} present means the task and its process
 * group are gone; supervisor gone (or its pid reused) without {@code exit_status} means the task is
 * {@link ExitStatus.Lost}. Pids are always checked together with their recorded start time and boot
 * id before anything is signalled.
 *
 * <p>Thread-safe: state is the sandbox plus one {@link CompletableFuture}; polling and kill
 * escalation run on a shared daemon thread. No method blocks on the task.
 */
public final class TaskProcessHandle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessHandle.class);

    private final Sandbox sandbox;
    private final ProcessIdentity supervisor;
    private final ProcessIdentity task;
    private final Optional<TaskCgroup> cgroup;
    private final Duration defaultGrace;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();

    TaskProcessHandle(Sandbox sandbox, ProcessIdentity supervisor, ProcessIdentity task,
            Optional<TaskCgroup> cgroup, Duration defaultGrace) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.supervisor = supervisor;
        this.task = task;
        this.cgroup = Objects.requireNonNull(cgroup, "cgroup");
        this.defaultGrace = Objects.requireNonNull(defaultGrace, "defaultGrace");
    }

    /**
     * Rebuilds the handle of the task in {@code sandboxDir}, e.g. when an agent recovers. The task may
     * be still running (the handle is alive and watched), already ended (its recorded status), or lost
     * (supervisor gone without a status). A lost task whose process group is still running is
     * SIGKILLed, because nothing could ever record how it ends; the reason says so.
     */
    public static TaskProcessHandle reattach(Path sandboxDir) throws IOException {
        Sandbox sandbox = Sandbox.open(sandboxDir);
        Optional<LaunchInfo> info = LaunchInfo.read(sandbox);
        ProcessIdentity supervisor = null;
        ProcessIdentity task = null;
        String corrupt = null;
        try {
            supervisor = ProcessIdentity.read(sandbox.supervisorPidFile()).orElse(null);
            task = ProcessIdentity.read(sandbox.taskPidFile()).orElse(null);
        } catch (IllegalArgumentException e) {
            corrupt = e.getMessage();
        }
        TaskProcessHandle handle = new TaskProcessHandle(sandbox, supervisor, task,
                info.flatMap(LaunchInfo::cgroup), info.map(LaunchInfo::killGracePeriod).orElse(Duration.ZERO));
        if (corrupt != null) {
            handle.complete(new ExitStatus.Lost(corrupt));
        }
        if (handle.exitStatus().isEmpty()) {
            ExitWatcher.SHARED.watch(handle);
        }
        LOG.info("Re-attached task in sandbox [{}]: task pid [{}], state [{}]", sandbox.dir(),
                handle.pid().isPresent() ? handle.pid().getAsLong() : "unknown",
                handle.exitStatus().map(ExitStatus::describe).orElse("running"));
        return handle;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /** The task's pid, which is also its process group and session id; empty if never recorded. */
    public OptionalLong pid() {
        return task == null ? OptionalLong.empty() : OptionalLong.of(task.pid());
    }

    /** The supervisor's pid; empty if never recorded. */
    public OptionalLong supervisorPid() {
        return supervisor == null ? OptionalLong.empty() : OptionalLong.of(supervisor.pid());
    }

    /** The grace period the task was launched with; used by {@link #kill()}. */
    public Duration killGracePeriod() {
        return defaultGrace;
    }

    /** Whether the task has not ended yet (no exit status and its supervisor still running). */
    public boolean isAlive() {
        return exitStatus().isEmpty();
    }

    /**
     * The task's exit status, read from the sandbox, or empty while it runs.
     *
     * @throws java.io.UncheckedIOException when the sandbox files cannot be read
     */
    public Optional<ExitStatus> exitStatus() {
        if (exit.isDone()) {
            return Optional.of(exit.join());
        }
        Optional<ExitStatus> status;
        try {
            status = probe();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read exit status in sandbox " + sandbox.dir(), e);
        }
        status.ifPresent(this::complete);
        return status.isPresent() ? Optional.of(exit.join()) : Optional.empty();
    }

    /**
     * Completes when the task ends (polled from the sandbox, so it works for re-attached tasks too).
     * The returned future is a copy: completing it does not affect the handle.
     */
    public CompletableFuture<ExitStatus> onExit() {
        return exit.copy();
    }

    /** {@link #kill(Duration)} with the grace period from launch. */
    public CompletableFuture<KillResult> kill() {
        return kill(defaultGrace);
    }

    /**
     * Sends SIGTERM to the task's process group, then SIGKILL to the group (and every process in its
     * cgroup) if the task has not ended after {@code grace}. Returns at once; the future completes when
     * the exit status is known.
     */
    public CompletableFuture<KillResult> kill(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (exitStatus().isPresent()) {
            return CompletableFuture.completedFuture(new KillResult(exit.join(), KillResult.How.ALREADY_EXITED));
        }
        AtomicBoolean escalated = new AtomicBoolean();
        LOG.info("Killing task in sandbox [{}] with grace period [{}]", sandbox.dir(), grace);
        ExitWatcher.SHARED.execute(() -> signalGroup("TERM"));
        ScheduledFuture<?> escalation = ExitWatcher.SHARED.schedule(() -> {
            if (exitStatus().isEmpty()) {
                escalated.set(true);
                LOG.info("Task in sandbox [{}] still running after [{}]: sending KILL", sandbox.dir(), grace);
                forceKill();
            }
        }, grace);
        return exit.thenApply(status -> {
            escalation.cancel(false);
            return new KillResult(status, escalated.get() ? KillResult.How.KILLED_AFTER_GRACE : KillResult.How.TERMINATED);
        });
    }

    private Optional<ExitStatus> probe() throws IOException {
        Optional<ExitStatus> recorded = readExitFile();
        if (recorded.isPresent()) {
            return recorded;
        }
        if (supervisor == null) {
            return Optional.of(lost("the supervisor never recorded its pid (launch did not complete)"));
        }
        ProcessIdentity.Liveness liveness = supervisor.liveness();
        if (liveness == ProcessIdentity.Liveness.RUNNING) {
            return Optional.empty();
        }
        // The supervisor renames exit_status into place before it exits: look again.
        recorded = readExitFile();
        if (recorded.isPresent()) {
            return recorded;
        }
        String why = switch (liveness) {
            case GONE -> "supervisor pid " + supervisor.pid() + " ended without recording an exit status";
            case PID_REUSED -> "supervisor pid " + supervisor.pid() + " now belongs to another process";
            case REBOOTED -> "the host rebooted since the task was launched";
            case RUNNING -> throw new IllegalStateException("unreachable");
        };
        return Optional.of(lost(why));
    }

    private Optional<ExitStatus> readExitFile() throws IOException {
        Path file = sandbox.exitStatusFile();
        return SandboxFiles.readIfExists(file).map(content -> ExitStatus.parse(file, content));
    }

    /** A lost status; kills an orphaned task group first, since nobody could record its end. */
    private ExitStatus lost(String why) {
        if (task != null && task.isRunning()) {
            forceKill();
            return new ExitStatus.Lost(why + "; orphaned task process group " + task.pid() + " was killed");
        }
        return new ExitStatus.Lost(why);
    }

    private void complete(ExitStatus status) {
        if (exit.complete(status)) {
            cgroup.ifPresent(TaskCgroup::remove);
            LOG.info("Task in sandbox [{}] ended: [{}]", sandbox.dir(), status.describe());
        }
    }

    private void signalGroup(String signal) {
        // Only while the supervisor lives: then the group has not been cleaned up, so its id cannot
        // have been reused by an unrelated process group.
        if (task != null && supervisor != null && supervisor.isRunning()) {
            Signals.signalGroup(task.pid(), signal);
        }
    }

    private void forceKill() {
        if (task != null && (task.isRunning() || (supervisor != null && supervisor.isRunning()))) {
            Signals.signalGroup(task.pid(), "KILL");
        }
        cgroup.ifPresent(cg -> {
            try {
                cg.killAll();
            } catch (IOException e) {
                LOG.warn("Cannot kill the processes of cgroup [{}]", cg.dirs(), e);
            }
        });
    }

    @Override
    public String toString() {
        return "TaskProcessHandle[" + sandbox.dir() + ", pid " + (task == null ? "?" : task.pid()) + "]";
    }
}
