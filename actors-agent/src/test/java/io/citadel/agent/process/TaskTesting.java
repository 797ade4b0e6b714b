package io.citadel.agent.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Shared helpers for the task process tests: sandboxes, specs and deadline-bounded waits. */
final class TaskTesting {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private TaskTesting() {
    }

    static Sandbox newSandbox(Path workDir) throws IOException {
        return Sandbox.create(workDir, "fw-1", "ex-1", "run-" + UUID.randomUUID());
    }

    static LaunchSpec shell(Sandbox sandbox, String command) {
        return new LaunchSpec(sandbox, new LaunchSpec.Shell(command), Map.of(), Limits.none(), Duration.ofSeconds(5));
    }

    static ExitStatus awaitExit(TaskProcessHandle handle) throws Exception {
        return handle.onExit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static KillResult await(java.util.concurrent.CompletableFuture<KillResult> kill)
            throws InterruptedException, ExecutionException, TimeoutException {
        return kill.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls {@code condition} every 20 ms until it holds, failing with {@code what} after the timeout. */
    static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Whether {@code pid} is gone or a zombie (an orphan's zombie may linger if pid 1 does not reap). */
    static boolean isDead(long pid) {
        return ProcessIdentity.Stat.of(pid).map(ProcessIdentity.Stat::isDead).orElse(true);
    }
}
