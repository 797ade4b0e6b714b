package io.citadel.multijvm;

import io.citadel.runtime.demo.TaskQueueScheduler;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.sdk.FrameworkDriver;
import io.citadel.runtime.sdk.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The demo's {@link TaskQueueScheduler}, plus what the multi-JVM tests observe about it: when each
 * task was first RUNNING (wall clock, for the failover time), every registration's master epoch, and
 * every disconnection. Callbacks come from the driver's actor; the tests read the concurrent
 * collections from the test thread.
 */
final class RecordingScheduler implements Scheduler {
  private final TaskQueueScheduler queue = new TaskQueueScheduler(System.out, s -> { });
  private final Map<TaskId, Long> firstRunningNanos = new ConcurrentHashMap<>();
  private final List<Long> registeredEpochs = new CopyOnWriteArrayList<>();
  private final List<String> disconnections = new CopyOnWriteArrayList<>();

  void submit(List<TaskLaunch> launches) {
    queue.submit(launches);
  }

  boolean awaitAll(Duration timeout) throws InterruptedException {
    return queue.awaitAll(timeout);
  }

  Map<TaskId, TaskQueueScheduler.Result> results() {
    return queue.results();
  }

  String fatalError() {
    return queue.fatalError();
  }

  /** {@link System#nanoTime} when the task was first reported RUNNING, or null. */
  Long firstRunningNanos(TaskId task) {
    return firstRunningNanos.get(task);
  }

  List<Long> registeredEpochs() {
    return registeredEpochs;
  }

  List<String> disconnections() {
    return disconnections;
  }

  @Override
  public void registered(FrameworkDriver driver, FrameworkId frameworkId, long masterEpoch) {
    registeredEpochs.add(masterEpoch);
    queue.registered(driver, frameworkId, masterEpoch);
  }

  @Override
  public void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
    queue.resourceOffers(driver, offers);
  }

  @Override
  public void offerRescinded(FrameworkDriver driver, OfferId offerId, String reason) {
    queue.offerRescinded(driver, offerId, reason);
  }

  @Override
  public void statusUpdate(FrameworkDriver driver, TaskStatus status) {
    if (status.state() == TaskState.RUNNING) {
      firstRunningNanos.putIfAbsent(status.taskId(), System.nanoTime());
    }
    queue.statusUpdate(driver, status);
  }

  @Override
  public void error(FrameworkDriver driver, String code, String message) {
    queue.error(driver, code, message);
  }

  @Override
  public void disconnected(FrameworkDriver driver, String reason) {
    disconnections.add(reason);
    queue.disconnected(driver, reason);
  }
}
