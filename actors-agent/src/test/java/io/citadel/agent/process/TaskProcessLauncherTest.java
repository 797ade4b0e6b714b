package io.citadel.agent.process;

import static io.citadel.agent.process.TaskTesting.await;
import static io.citadel.agent.process.TaskTesting.awaitCondition;
import static io.citadel.agent.process.TaskTesting.awaitExit;
import static io.citadel.agent.process.TaskTesting.isDead;
import static io.citadel.agent.process.TaskTesting.newSandbox;
import static io.citadel.agent.process.TaskTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Launching, exit statuses, kill and environment of task processes, with posix isolation only. */
class TaskProcessLauncherTest {

    private final TaskProcessLauncher launcher = new TaskProcessLauncher(Isolation.posix("posix-only test"));

    @TempDir
    Path workDir;

    @Test
    void outputGoesToSandboxFilesAndExitZeroIsReported() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle handle = launcher.launch(shell(sandbox, "echo to-out; echo to-err >&2"));

        assertThat(awaitExit(handle)).isEqualTo(new ExitStatus.Exited(0, false));
        assertThat(Files.readString(sandbox.stdout())).isEqualTo("to-out\n");
        assertThat(Files.readString(sandbox.stderr())).isEqualTo("to-err\n");
        assertThat(handle.isAlive()).isFalse();
        assertThat(handle.pid()).isPresent();
    }

    @Test
    void argvCommandIsExecutedWithoutShellParsing() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, LaunchSpec.Argv.of("printf", "%s|", "a b", "$HOME", "it's"),
                Map.of(), Limits.none(), Duration.ofSeconds(1));

        assertThat(awaitExit(launcher.launch(spec))).isEqualTo(new ExitStatus.Exited(0, false));
        assertThat(Files.readString(sandbox.stdout())).isEqualTo("a b|$HOME|it's|");
    }

    @Test
    void nonZeroExitCodeIsReported() throws Exception {
        TaskProcessHandle handle = launcher.launch(shell(newSandbox(workDir), "exit 3"));

        assertThat(awaitExit(handle)).isEqualTo(new ExitStatus.Exited(3, false));
        assertThat(handle.exitStatus()).contains(new ExitStatus.Exited(3, false));
    }

    @Test
    void deathBySignalIsReportedAsSignal() throws Exception {
        TaskProcessHandle handle = launcher.launch(shell(newSandbox(workDir), "kill -KILL $$"));

        assertThat(awaitExit(handle)).isEqualTo(new ExitStatus.Signaled(9, false));
    }

    @Test
    void tasksThatEndImmediatelyAreStillRecorded() throws Exception {
        // Regression: the supervisor shell may reap a fast child before it could read /proc/<child>.
        for (int i = 0; i < 20; i++) {
            assertThat(awaitExit(launcher.launch(shell(newSandbox(workDir), "exit " + i))))
                    .isEqualTo(new ExitStatus.Exited(i, false));
        }
    }

    @Test
    void termSentToTheSupervisorReachesTheTaskAndTheStatusIsStillRecorded() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle handle = launcher.launch(shell(sandbox, "echo ready; while :; do sleep 0.05; done"));
        awaitCondition("task ready", () -> readQuietly(sandbox.stdout()).contains("ready"));

        ProcessHandle.of(handle.supervisorPid().getAsLong()).orElseThrow().destroy(); // SIGTERM

        assertThat(awaitExit(handle)).isEqualTo(new ExitStatus.Signaled(15, false));
    }

    @Test
    void missingProgramExitsWithAnErrorInStderr() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, LaunchSpec.Argv.of("/nonexistent/program"), Map.of(),
                Limits.none(), Duration.ZERO);

        ExitStatus status = awaitExit(launcher.launch(spec));

        assertThat(status).isInstanceOf(ExitStatus.Exited.class);
        assertThat(((ExitStatus.Exited) status).code()).isNotZero();
        assertThat(Files.readString(sandbox.stderr())).contains("/nonexistent/program");
    }

    @Test
    void taskTrappingTermExitsWithinGrace() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle handle = launcher.launch(shell(sandbox,
                "trap 'echo got-term; exit 0' TERM; echo ready; while :; do sleep 0.05; done"));
        awaitCondition("task ready", () -> readQuietly(sandbox.stdout()).contains("ready"));

        KillResult result = await(handle.kill(Duration.ofSeconds(10)));

        assertThat(result).isEqualTo(new KillResult(new ExitStatus.Exited(0, false), KillResult.How.TERMINATED));
        assertThat(Files.readString(sandbox.stdout())).contains("got-term");
    }

    @Test
    void taskIgnoringTermIsKilledAfterGrace() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle handle = launcher.launch(shell(sandbox,
                "trap '' TERM; echo ready; while :; do sleep 0.05; done"));
        awaitCondition("task ready", () -> readQuietly(sandbox.stdout()).contains("ready"));

        KillResult result = await(handle.kill(Duration.ofMillis(300)));

        assertThat(result).isEqualTo(new KillResult(new ExitStatus.Signaled(9, false), KillResult.How.KILLED_AFTER_GRACE));
    }

    @Test
    void killReachesEveryProcessOfTheGroup() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle handle = launcher.launch(shell(sandbox,
                "sleep 1000 & echo $! > grandchild.pid; wait"));
        Path pidFile = sandbox.dir().resolve("grandchild.pid");
        awaitCondition("grandchild pid written", () -> readQuietly(pidFile).endsWith("\n"));
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(isDead(grandchild)).isFalse();

        KillResult result = await(handle.kill(Duration.ofSeconds(5)));

        assertThat(result.how()).isEqualTo(KillResult.How.TERMINATED);
        assertThat(result.status()).isEqualTo(new ExitStatus.Signaled(15, false));
        awaitCondition("grandchild " + grandchild + " gone", () -> isDead(grandchild));
    }

    @Test
    void killOfAnEndedTaskReportsAlreadyExited() throws Exception {
        TaskProcessHandle handle = launcher.launch(shell(newSandbox(workDir), "exit 0"));
        awaitExit(handle);

        assertThat(await(handle.kill(Duration.ZERO)).how()).isEqualTo(KillResult.How.ALREADY_EXITED);
    }

    @Test
    void environmentIsCleanAndHoldsSpecVariables() throws Exception {
        Set<String> base = Set.of("PATH", "HOME", LaunchSpec.SANDBOX_ENV, "TASK_VAR", "PWD");
        Set<String> agentOnly = System.getenv().keySet().stream().filter(k -> !base.contains(k))
                .collect(Collectors.toSet());
        assertThat(agentOnly).as("the agent JVM must have variables of its own for this test to mean anything")
                .isNotEmpty();
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, LaunchSpec.Argv.of("env"), Map.of("TASK_VAR", "task value"),
                Limits.none(), Duration.ZERO);

        awaitExit(launcher.launch(spec));

        Map<String, String> seen = Arrays.stream(Files.readString(sandbox.stdout()).split("\n"))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(seen).containsEntry("TASK_VAR", "task value")
                .containsEntry("HOME", sandbox.dir().toString())
                .containsEntry(LaunchSpec.SANDBOX_ENV, sandbox.dir().toString())
                .containsEntry("PATH", TaskProcessLauncher.DEFAULT_PATH);
        assertThat(seen.keySet()).doesNotContainAnyElementsOf(agentOnly).isSubsetOf(base);
    }

    @Test
    void B34_envSecretNeverWrittenToSandboxMetadata() throws Exception {
        String secret = "s3cr3t-Value-42";
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, new LaunchSpec.Shell("test \"$DB_PASSWORD\" = " + "'" + secret + "'"),
                Map.of("DB_PASSWORD", secret), Limits.none(), Duration.ZERO);

        assertThat(awaitExit(launcher.launch(spec))).as("the task itself sees the secret")
                .isEqualTo(new ExitStatus.Exited(0, false));
        try (var files = Files.list(sandbox.dir())) {
            for (Path file : files.filter(f -> !f.equals(sandbox.supervisorScript())).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void rlimitsAreApplied() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        LaunchSpec spec = new LaunchSpec(sandbox, new LaunchSpec.Shell("ulimit -n; ulimit -v"), Map.of(),
                Limits.none().withOpenFiles(64).withAddressSpaceBytes(512L * 1024 * 1024), Duration.ZERO);

        assertThat(awaitExit(launcher.launch(spec))).isEqualTo(new ExitStatus.Exited(0, false));
        assertThat(Files.readString(sandbox.stdout())).isEqualTo("64\n524288\n");
    }

    @Test
    void aSandboxIsLaunchedOnlyOnce() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        awaitExit(launcher.launch(shell(sandbox, "true")));

        assertThatThrownBy(() -> launcher.launch(shell(sandbox, "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already used");
    }

    @Test
    void reservedOrMalformedEnvironmentNamesAreRefused() {
        Sandbox sandbox = new Sandbox(workDir);
        assertThatThrownBy(() -> new LaunchSpec(sandbox, new LaunchSpec.Shell("true"),
                Map.of(LaunchSpec.SANDBOX_ENV, "/elsewhere"), Limits.none(), Duration.ZERO))
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> new LaunchSpec(sandbox, new LaunchSpec.Shell("true"),
                Map.of("BAD=NAME", "x"), Limits.none(), Duration.ZERO))
                .hasMessageContaining("BAD=NAME");
        assertThatThrownBy(() -> Limits.none().withMemoryBytes(0)).hasMessageContaining("limits.memoryBytes");
    }

    static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
