package io.citadel.agent.process;

import static io.citadel.agent.process.TaskTesting.awaitCondition;
import static io.citadel.agent.process.TaskTesting.awaitExit;
import static io.citadel.agent.process.TaskTesting.isDead;
import static io.citadel.agent.process.TaskTesting.newSandbox;
import static io.citadel.agent.process.TaskTesting.shell;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilding task handles from sandbox files alone, as a restarted agent does. */
class TaskProcessReattachTest {

    private final TaskProcessLauncher launcher = new TaskProcessLauncher(Isolation.posix("posix-only test"));

    @TempDir
    Path workDir;

    @Test
    void reattachedRunningTaskIsAliveAndItsExitIsReadFromTheFile() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        long pid = launcher.launch(shell(sandbox, "sleep 2; echo done")).pid().getAsLong();
        // The launching handle is not kept: everything below comes from the sandbox files.

        TaskProcessHandle reattached = TaskProcessHandle.reattach(sandbox.dir());

        assertThat(reattached.isAlive()).isTrue();
        assertThat(reattached.pid()).hasValue(pid);
        assertThat(awaitExit(reattached)).isEqualTo(new ExitStatus.Exited(0, false));
        assertThat(Files.readString(sandbox.stdout())).isEqualTo("done\n");
    }

    @Test
    void reattachAfterExitReportsTheRecordedStatus() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        awaitExit(launcher.launch(shell(sandbox, "exit 7")));

        TaskProcessHandle reattached = TaskProcessHandle.reattach(sandbox.dir());

        assertThat(reattached.isAlive()).isFalse();
        assertThat(reattached.exitStatus()).contains(new ExitStatus.Exited(7, false));
        assertThat(reattached.onExit()).isCompletedWithValue(new ExitStatus.Exited(7, false));
    }

    @Test
    void reattachAfterSupervisorWasKilledReportsLostAndLeavesNoOrphan() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        TaskProcessHandle original = launcher.launch(shell(sandbox, "sleep 1000"));
        long supervisor = original.supervisorPid().getAsLong();
        long task = original.pid().getAsLong();
        ProcessHandle.of(supervisor).orElseThrow().destroyForcibly();
        awaitCondition("supervisor " + supervisor + " gone", () -> isDead(supervisor));

        TaskProcessHandle reattached = TaskProcessHandle.reattach(sandbox.dir());

        assertThat(reattached.isAlive()).isFalse();
        assertThat(reattached.exitStatus()).hasValueSatisfying(status -> {
            assertThat(status).isInstanceOf(ExitStatus.Lost.class);
            assertThat(((ExitStatus.Lost) status).reason())
                    .contains("supervisor pid " + supervisor + " ended without recording an exit status");
        });
        awaitCondition("orphaned task " + task + " killed", () -> isDead(task));
    }

    @Test
    void reattachNeverTrustsAReusedPid() throws Exception {
        // Forge pid files naming this JVM with a wrong start time: a pid the kernel has reused.
        Sandbox sandbox = newSandbox(workDir);
        long self = ProcessHandle.current().pid();
        String forged = self + " 1 " + ProcessIdentity.currentBootId() + "\n";
        Files.writeString(sandbox.supervisorPidFile(), forged);
        Files.writeString(sandbox.taskPidFile(), forged);

        TaskProcessHandle reattached = TaskProcessHandle.reattach(sandbox.dir());

        assertThat(reattached.exitStatus()).contains(
                new ExitStatus.Lost("supervisor pid " + self + " now belongs to another process"));
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void reattachToAnUnlaunchedSandboxReportsLost() throws Exception {
        Sandbox sandbox = newSandbox(workDir);

        assertThat(TaskProcessHandle.reattach(sandbox.dir()).exitStatus()).hasValueSatisfying(status ->
                assertThat(status.describe()).contains("never recorded its pid"));
    }

    @Test
    void corruptPidFileIsReportedAsLostNamingTheFile() throws Exception {
        Sandbox sandbox = newSandbox(workDir);
        Files.writeString(sandbox.supervisorPidFile(), "not a pid\n");

        assertThat(TaskProcessHandle.reattach(sandbox.dir()).exitStatus()).hasValueSatisfying(status ->
                assertThat(status.describe()).contains(sandbox.supervisorPidFile().toString()));
    }
}
