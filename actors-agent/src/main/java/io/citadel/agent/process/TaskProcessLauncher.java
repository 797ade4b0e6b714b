package io.citadel.agent.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts task processes in their sandboxes under a supervisor that outlives the agent JVM
 * ({@link SupervisorScript}), with posix isolation always and cgroups where {@link Isolation} allows.
 *
 * <p>The task's environment is clean: {@code PATH} ({@value #DEFAULT_PATH}), {@code HOME} and
 * {@code CITADEL_SANDBOX} set to the sandbox, then the spec's variables (which may override PATH and
 * HOME). Nothing of the agent's environment is inherited, so agent credentials never reach a task.
 *
 * <p>One per agent; thread-safe. {@link #launch} blocks until the supervisor has recorded the task's
 * pid (milliseconds), so call it from a blocking-capable thread, not an actor's default dispatcher.
 */
public final class TaskProcessLauncher {

    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Logger LOG = LoggerFactory.getLogger(TaskProcessLauncher.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Isolation isolation;
    private final AtomicBoolean unenforcedLogged = new AtomicBoolean();

    /** Uses the given isolation and logs it once. */
    public TaskProcessLauncher(Isolation isolation) {
        this.isolation = isolation;
        if (isolation.cgroupsActive()) {
            LOG.info("Task isolation: posix + [{}]: [{}]", isolation.kind(), isolation.detail());
        } else {
            LOG.warn("Task isolation: posix only; memory and cpu limits will not be enforced because [{}]",
                    isolation.detail());
        }
    }

    /** Detects the host's isolation with {@link CgroupProbe#detect()}. */
    public static TaskProcessLauncher detectingIsolation() {
        return new TaskProcessLauncher(CgroupProbe.detect());
    }

    public Isolation isolation() {
        return isolation;
    }

    /**
     * Launches the task and returns once it runs under its supervisor.
     *
     * @throws IllegalStateException when the sandbox was already used for a launch
     * @throws IOException when the sandbox, cgroup or supervisor cannot be set up; the message names
     *     the file, and includes the supervisor's own error output when it failed
     */
    public TaskProcessHandle launch(LaunchSpec spec) throws IOException {
        Sandbox sandbox = spec.sandbox();
        if (Files.exists(sandbox.supervisorScript()) || Files.exists(sandbox.exitStatusFile())) {
            throw new IllegalStateException("sandbox " + sandbox.dir() + " was already used for a launch");
        }
        if (spec.limits().needsCgroups() && !isolation.cgroupsActive() && unenforcedLogged.compareAndSet(false, true)) {
            LOG.warn("Memory/cpu limits of tasks are not enforced on this host: [{}]", isolation.detail());
        }
        Optional<TaskCgroup> cgroup = isolation.cgroupsActive()
                ? Optional.of(TaskCgroup.create(isolation, cgroupName(sandbox), spec.limits()))
                : Optional.empty();
        try {
            new LaunchInfo(isolation.kind(), cgroup.map(TaskCgroup::dirs).orElse(List.of()), spec.killGracePeriod())
                    .write(sandbox);
            Files.writeString(sandbox.supervisorScript(),
                    SupervisorScript.generate(sandbox, spec.command(), spec.limits(), cgroup));
            Files.setPosixFilePermissions(sandbox.supervisorScript(), PosixFilePermissions.fromString("rwxr-x---"));
            Process supervisor = startSupervisor(spec);
            TaskProcessHandle handle = awaitStart(spec, supervisor, cgroup);
            ExitWatcher.SHARED.watch(handle);
            LOG.info("Launched task in sandbox [{}]: supervisor pid [{}], task pid [{}], isolation [{}], env keys {}",
                    sandbox.dir(), handle.supervisorPid().getAsLong(), handle.pid().getAsLong(), isolation.kind(),
                    spec.env().keySet());
            return handle;
        } catch (IOException | RuntimeException e) {
            cgroup.ifPresent(TaskCgroup::remove);
            throw e;
        }
    }

    private Process startSupervisor(LaunchSpec spec) throws IOException {
        Sandbox sandbox = spec.sandbox();
        // setsid: the supervisor leaves the JVM's session and process group, so signals aimed at the
        // agent (a terminal's Ctrl-C, a service manager stopping the agent's group) do not reach it.
        ProcessBuilder builder = new ProcessBuilder(Signals.SETSID, Signals.SH, sandbox.supervisorScript().toString())
                .directory(sandbox.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.supervisorLog().toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", sandbox.dir().toString());
        env.put(LaunchSpec.SANDBOX_ENV, sandbox.dir().toString());
        env.putAll(spec.env());
        return builder.start();
    }

    private TaskProcessHandle awaitStart(LaunchSpec spec, Process supervisor, Optional<TaskCgroup> cgroup)
            throws IOException {
        Sandbox sandbox = spec.sandbox();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            Optional<ProcessIdentity> task = ProcessIdentity.read(sandbox.taskPidFile());
            if (task.isPresent()) {
                ProcessIdentity self = ProcessIdentity.read(sandbox.supervisorPidFile())
                        .orElseThrow(() -> new IOException("supervisor wrote " + sandbox.taskPidFile() + " before "
                                + sandbox.supervisorPidFile()));
                return new TaskProcessHandle(sandbox, self, task.get(), cgroup, spec.killGracePeriod());
            }
            boolean exited;
            try {
                exited = supervisor.waitFor(5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the task in " + sandbox.dir(), e);
            }
            if (exited && ProcessIdentity.read(sandbox.taskPidFile()).isEmpty()) {
                throw new IOException("supervisor in " + sandbox.dir() + " exited with " + supervisor.exitValue()
                        + " before starting the task: " + SandboxFiles.tail(sandbox.supervisorLog(), 2000).strip()
                        + " " + SandboxFiles.tail(sandbox.stderr(), 2000).strip());
            }
            if (System.nanoTime() > deadline) {
                supervisor.destroyForcibly();
                throw new IOException("supervisor in " + sandbox.dir() + " did not record the task pid within "
                        + START_TIMEOUT);
            }
        }
    }

    /** Cgroup directory names must be short and unique per sandbox; ids may be long. */
    static String cgroupName(Sandbox sandbox) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(sandbox.dir().toString().getBytes(StandardCharsets.UTF_8));
            return "task-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
