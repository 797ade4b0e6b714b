package io.citadel.agent.process;

import static io.citadel.agent.process.TaskTesting.TIMEOUT;
import static io.citadel.agent.process.TaskTesting.awaitExit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §6: a {@code kill -9} of the agent JVM leaves its tasks running, and a new agent recovers them
 * and their exit statuses from the sandbox. The "agent" here is a separate JVM ({@link LaunchingAgentMain}).
 */
class TaskSurvivesAgentKillTest {

    @TempDir
    Path workDir;

    private Process agent;

    @AfterEach
    void killAgent() {
        if (agent != null) {
            agent.destroyForcibly();
        }
    }

    @Test
    void taskOutlivesAKilledAgentAndIsRecoveredWithItsExitStatus() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LaunchingAgentMain.class.getName(), workDir.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        Path sandboxDir = CompletableFuture.supplyAsync(() -> readLaunchedLine(out))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        agent.destroyForcibly(); // SIGKILL
        assertThat(agent.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        TaskProcessHandle recovered = TaskProcessHandle.reattach(sandboxDir);
        assertThat(recovered.isAlive()).as("task still running after the agent died").isTrue();
        Files.writeString(sandboxDir.resolve("release"), "");
        assertThat(awaitExit(recovered)).isEqualTo(new ExitStatus.Exited(0, false));
        assertThat(Files.readString(sandboxDir.resolve("stdout"))).isEqualTo("done\n");
    }

    private static Path readLaunchedLine(BufferedReader out) {
        StringBuilder seen = new StringBuilder();
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("LAUNCHED ")) {
                    return Path.of(line.substring("LAUNCHED ".length()));
                }
                seen.append(line).append('\n');
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("agent JVM ended without launching; output:\n" + seen);
    }
}
