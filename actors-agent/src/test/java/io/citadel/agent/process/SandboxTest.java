package io.citadel.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sandbox layout and the refusal of ids that would escape the work dir. */
class SandboxTest {

    @TempDir
    Path workDir;

    @Test
    void sandboxIsCreatedUnderTheWorkDirWithMode0750() throws Exception {
        Sandbox sandbox = Sandbox.create(workDir, "fw", "ex", "run-1");

        assertThat(sandbox.dir()).isEqualTo(workDir.resolve("frameworks/fw/executors/ex/runs/run-1"));
        for (Path dir = sandbox.dir(); !dir.equals(workDir); dir = dir.getParent()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwxr-x---");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "../../etc", "", "x\u0000y", "a\\b"})
    void pathEscapingIdsAreRefused(String id) {
        assertThatThrownBy(() -> Sandbox.create(workDir, "fw", "ex", id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId");
        assertThatThrownBy(() -> Sandbox.create(workDir, id, "ex", "run"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frameworkId");
        assertThat(workDir.resolve("frameworks/fw/executors/ex/runs")).doesNotExist();
    }

    @Test
    void reusedRunIdIsRefused() throws Exception {
        Sandbox.create(workDir, "fw", "ex", "run-1");

        assertThatThrownBy(() -> Sandbox.create(workDir, "fw", "ex", "run-1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void openRefusesAMissingDirectory() {
        assertThatThrownBy(() -> Sandbox.open(workDir.resolve("nope")))
                .hasMessageContaining("is not a directory");
    }
}
