package io.citadel.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output tails for status messages. */
class SandboxFilesTest {

    @TempDir
    Path dir;

    @Test
    void tailReturnsTheLastBytes() throws Exception {
        Path file = dir.resolve("stdout");
        Files.writeString(file, "0123456789");

        assertThat(SandboxFiles.tail(file, 4)).isEqualTo("6789");
        assertThat(SandboxFiles.tail(file, 100)).isEqualTo("0123456789");
        assertThat(SandboxFiles.tail(file, 0)).isEmpty();
    }

    @Test
    void tailDropsACharacterCutByTheWindow() throws Exception {
        Path file = dir.resolve("stdout");
        Files.write(file, "aé€z".getBytes(StandardCharsets.UTF_8)); // é = 2 bytes, € = 3 bytes

        assertThat(SandboxFiles.tail(file, 3)).isEqualTo("z"); // 2 bytes of € dropped
        assertThat(SandboxFiles.tail(file, 4)).isEqualTo("€z");
    }

    @Test
    void tailOfAMissingFileIsEmpty() throws Exception {
        assertThat(SandboxFiles.tail(dir.resolve("never-written"), 10)).isEmpty();
    }
}
