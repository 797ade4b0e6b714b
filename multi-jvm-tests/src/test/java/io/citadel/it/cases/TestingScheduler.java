package io.citadel.it.cases;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.sdk.FrameworkDriver;
import io.citadel.runtime.sdk.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A scheduler for the field-case tests that only records what the master sends: every offer (in
 * arrival order), the offers still held, rescinds, statuses and errors. Tests take offers from it and
 * decide themselves what to accept, so that each case can send exactly the calls it describes.
 *
 * <p>Callbacks run on the driver's actor; tests read from other threads, so everything is kept in
 * concurrent collections and nothing here blocks the actor.
 */
final class TestingScheduler implements Scheduler {
  /** A recorded rescind, with the number of offers received before it (to tell later offers apart). */
  record Rescind(OfferId offerId, String reason, int offersBefore) {}

  /** A recorded error call. */
  record ErrorCall(String code, String message) {}

  final List<Offer> offerLog = new CopyOnWriteArrayList<>();
  final Map<OfferId, Offer> held = new ConcurrentHashMap<>();
  final List<Rescind> rescinds = new CopyOnWriteArrayList<>();
  final List<TaskStatus> statuses = new CopyOnWriteArrayList<>();
  final List<ErrorCall> errors = new CopyOnWriteArrayList<>();
  volatile FrameworkId registeredAs;

  @Override
  public void registered(FrameworkDriver driver, FrameworkId frameworkId, long masterEpoch) {
    registeredAs = frameworkId;
  }

  @Override
  public void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
    for (Offer o : offers) {
      offerLog.add(o);
      held.put(o.id(), o);
    }
  }

  @Override
  public void offerRescinded(FrameworkDriver driver, OfferId offerId, String reason) {
    held.remove(offerId);
    rescinds.add(new Rescind(offerId, reason, offerLog.size()));
  }

  @Override
  public void statusUpdate(FrameworkDriver driver, TaskStatus status) {
    statuses.add(status);
  }

  @Override
  public void error(FrameworkDriver driver, String code, String message) {
    errors.add(new ErrorCall(code, message));
  }

  /** Removes and returns a held offer of the agent at {@code host} that matches, waiting for one. */
  Offer takeOffer(String host, Predicate<Offer> matching, Duration timeout) throws InterruptedException {
    return await(() -> {
      for (Offer o : held.values()) {
        if (o.hostname().equals(host) && matching.test(o) && held.remove(o.id()) != null) {
          return Optional.of(o);
        }
      }
      return Optional.empty();
    }, timeout, () -> "offer of agent [" + host + "]; held " + held.values());
  }

  /** The statuses of {@code task} so far, in arrival order. */
  List<TaskStatus> statusesOf(String task) {
    return statuses.stream().filter(s -> s.taskId().equals(TaskId.of(task))).toList();
  }

  /** Waits for a status of {@code task} that matches and returns it. */
  TaskStatus awaitStatus(String task, Predicate<TaskStatus> matching, Duration timeout) throws InterruptedException {
    return await(() -> statusesOf(task).stream().filter(matching).findFirst(), timeout,
        () -> "matching status of task [" + task + "]; seen " + statusesOf(task));
  }

  /** Polls {@code probe} every 50 ms until it yields a value; fails naming {@code what} at the deadline. */
  static <T> T await(Supplier<Optional<T>> probe, Duration timeout, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what.get() + " within " + timeout);
      }
      Thread.sleep(50);
    }
  }
}
