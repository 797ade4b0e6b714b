package io.citadel.runtime.demo;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.sdk.FrameworkDriver;
import io.citadel.runtime.sdk.Scheduler;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A small but real framework: it packs queued tasks into the offers it receives (first fit, one
 * agent per accept), declines what it cannot use, prints every state change, and records each task's
 * final status and its offer→RUNNING latency. Used by the demo and by {@code citadel execute}.
 *
 * <p>Callbacks run on the driver's actor; the queue is touched only there. Results are read by other
 * threads through the concurrent maps after {@link #awaitAll}.
 */
public final class TaskQueueScheduler implements Scheduler {
  /** The final status and latency of one task. */
  public record Result(TaskStatus status, long offerToRunningMillis) {}

  private final Deque<TaskLaunch> queue = new ArrayDeque<>();
  private final Map<TaskId, Long> offeredAt = new ConcurrentHashMap<>();
  private final Map<TaskId, Long> runningLatency = new ConcurrentHashMap<>();
  private final Map<TaskId, Result> results = new ConcurrentHashMap<>();
  private final PrintStream out;
  private final Consumer<TaskStatus> onTerminal;
  private volatile CountDownLatch remaining = new CountDownLatch(0);
  private volatile String fatal;
  private volatile FrameworkDriver driver;
  private volatile String fatalCode;
  private volatile String lastDisconnect = "no answer yet";
  private final CountDownLatch registeredLatch = new CountDownLatch(1);
  private final long startedMillis = System.currentTimeMillis();

  public TaskQueueScheduler(PrintStream out, Consumer<TaskStatus> onTerminal) {
    this.out = out;
    this.onTerminal = onTerminal;
  }

  /**
   * Queues tasks; they launch as offers arrive. Call before or after registration. Revives offers,
   * since resources declined while the queue was empty are filtered for a while.
   */
  public synchronized void submit(List<TaskLaunch> launches) {
    remaining = new CountDownLatch((int) remaining.getCount() + launches.size());
    queue.addAll(launches);
    if (driver != null) {
      launches.forEach(l -> driver.request(l.taskId().value(), l.resources()));
      driver.revive();
    }
  }

  public Map<TaskId, Result> results() {
    return results;
  }

  /** Waits until every submitted task reached a terminal state or the framework failed. */
  public boolean awaitAll(java.time.Duration timeout) throws InterruptedException {
    return remaining.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) && fatal == null;
  }

  public String fatalError() {
    return fatal;
  }

  /** The stable code of the error that ended the run (e.g. UNAUTHORIZED), or null. */
  public String fatalCode() {
    return fatalCode;
  }

  /** Waits until the framework is subscribed or refused; false if no master answered in time. */
  public boolean awaitRegistered(java.time.Duration timeout) throws InterruptedException {
    return registeredLatch.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Why the last attempt to reach a master failed. */
  public String lastDisconnect() {
    return lastDisconnect;
  }

  @Override
  public void disconnected(FrameworkDriver driver, String reason) {
    lastDisconnect = reason;
  }

  @Override
  public void registered(FrameworkDriver driver, FrameworkId frameworkId, long masterEpoch) {
    this.driver = driver;
    synchronized (this) {
      queue.forEach(l -> driver.request(l.taskId().value(), l.resources()));
    }
    registeredLatch.countDown();
    out.printf("framework registered as %s (master epoch %d)%n", frameworkId.value(), masterEpoch);
  }

  @Override
  public synchronized void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
    long now = System.currentTimeMillis();
    out.printf("  %7.3fs %d offer(s) received%n", (now - startedMillis) / 1000.0, offers.size());
    for (Offer offer : offers) {
      Resources left = offer.resources();
      List<TaskLaunch> launches = new ArrayList<>();
      while (!queue.isEmpty() && left.contains(queue.peekFirst().resources())) {
        TaskLaunch t = queue.removeFirst();
        left = left.minus(t.resources());
        launches.add(t);
        offeredAt.put(t.taskId(), now);
      }
      if (launches.isEmpty()) {
        driver.decline(List.of(offer.id()), queue.isEmpty() ? 30 : 1);
      } else {
        driver.accept(List.<OfferId>of(offer.id()), launches, queue.isEmpty() ? 30 : 0);
      }
    }
  }

  @Override
  public void statusUpdate(FrameworkDriver driver, TaskStatus status) {
    long now = System.currentTimeMillis();
    Long offered = offeredAt.get(status.taskId());
    if (status.state() == io.citadel.runtime.model.TaskState.RUNNING && offered != null) {
      runningLatency.putIfAbsent(status.taskId(), now - offered);
    }
    out.printf("  %7.3fs %-24s %-9s %s%n", (now - startedMillis) / 1000.0, status.taskId().value(), status.state(),
        status.reason() == null ? status.message() : status.reason() + ": " + status.message());
    if (status.state().isTerminal() && results.putIfAbsent(status.taskId(),
        new Result(status, runningLatency.getOrDefault(status.taskId(), -1L))) == null) {
      onTerminal.accept(status);
      remaining.countDown();
    }
  }

  @Override
  public void error(FrameworkDriver driver, String code, String message) {
    out.printf("framework error %s: %s%n", code, message);
    if (!"NOT_SUBSCRIBED".equals(code)) {
      fatalCode = code;
      fatal = code + ": " + message;
      registeredLatch.countDown();
      CountDownLatch r = remaining;
      while (r.getCount() > 0) {
        r.countDown();
      }
    }
  }
}
