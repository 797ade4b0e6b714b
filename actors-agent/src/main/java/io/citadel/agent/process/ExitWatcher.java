package io.citadel.agent.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that polls every watched task's sandbox for its exit status and runs the delayed
 * SIGKILL escalations. Polling (rather than {@link Process#onExit()}) is what makes exit detection
 * work the same for tasks launched by this JVM and for tasks re-attached after an agent restart,
 * which are not our children; a poll is a couple of {@code stat}s per task.
 *
 * <p>Process-wide singleton; thread-safe. Work submitted here must be short and must not block for
 * long, because every task shares the thread.
 */
final class ExitWatcher {

    static final ExitWatcher SHARED = new ExitWatcher(Duration.ofMillis(100));
    private static final Logger LOG = LoggerFactory.getLogger(ExitWatcher.class);

    private final ScheduledExecutorService scheduler;
    private final Set<TaskProcessHandle> watched = ConcurrentHashMap.newKeySet();

    private ExitWatcher(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "citadel-task-exit-watcher");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls {@code handle} until it reports an exit status. */
    void watch(TaskProcessHandle handle) {
        watched.add(handle);
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void execute(Runnable task) {
        scheduler.execute(guarded(task));
    }

    private void tick() {
        for (TaskProcessHandle handle : watched) {
            try {
                if (handle.exitStatus().isPresent()) {
                    watched.remove(handle);
                }
            } catch (RuntimeException e) {
                // One broken sandbox must not stop exit detection for every other task.
                LOG.warn("Cannot poll exit status of sandbox [{}]", handle.sandbox().dir(), e);
            }
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Task process action failed", e);
            }
        };
    }
}
