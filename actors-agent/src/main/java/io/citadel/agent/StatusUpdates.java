package io.citadel.agent;

import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.protocol.TaskStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's status-update manager: per task, an ordered queue of updates of which only the head is
 * in flight; the head is re-sent with doubling back-off until the framework's acknowledgement comes
 * back through the master. Delivery is at least once and in order per task (DESIGN §6).
 *
 * <p>Owned by the agent actor; not thread-safe. Time is passed in.
 */
final class StatusUpdates {
  private static final class Stream {
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    long nextSendMillis = 0;
    long backoffMillis;
  }

  private final Map<TaskId, Stream> streams = new LinkedHashMap<>();
  private final long initialBackoff;
  private final long maxBackoff;

  StatusUpdates(Duration initial, Duration max) {
    this.initialBackoff = initial.toMillis();
    this.maxBackoff = max.toMillis();
  }

  /** Queues an update; returns it if it is now the head and should be sent at once. */
  TaskStatus add(TaskStatus status, long now) {
    Stream s = streams.computeIfAbsent(status.taskId(), k -> new Stream());
    s.pending.addLast(status);
    if (s.pending.size() == 1) {
      s.backoffMillis = initialBackoff;
      s.nextSendMillis = now + s.backoffMillis;
      return status;
    }
    return null;
  }

  /** Removes the acknowledged head; returns the next head to send, if any. */
  TaskStatus acknowledge(TaskId task, String updateId, long now) {
    Stream s = streams.get(task);
    if (s == null || s.pending.isEmpty() || !s.pending.peekFirst().updateId().equals(updateId)) {
      return null;
    }
    s.pending.removeFirst();
    if (s.pending.isEmpty()) {
      streams.remove(task);
      return null;
    }
    s.backoffMillis = initialBackoff;
    s.nextSendMillis = now + s.backoffMillis;
    return s.pending.peekFirst();
  }

  /** Heads whose retry time has come; their back-off doubles. */
  List<TaskStatus> due(long now) {
    List<TaskStatus> out = new ArrayList<>();
    for (Stream s : streams.values()) {
      if (!s.pending.isEmpty() && now >= s.nextSendMillis) {
        out.add(s.pending.peekFirst());
        s.backoffMillis = Math.min(maxBackoff, s.backoffMillis * 2);
        s.nextSendMillis = now + s.backoffMillis;
      }
    }
    return out;
  }

  /** Every head, for re-sending at once after (re-)registration. */
  List<TaskStatus> heads() {
    List<TaskStatus> out = new ArrayList<>();
    for (Stream s : streams.values()) {
      if (!s.pending.isEmpty()) {
        out.add(s.pending.peekFirst());
      }
    }
    return out;
  }

  /** The task's unacknowledged updates, oldest (the one in flight) first; for checkpointing. */
  List<TaskStatus> pending(TaskId task) {
    Stream s = streams.get(task);
    return s == null ? List.of() : List.copyOf(s.pending);
  }

  /**
   * Re-queues updates read from a checkpoint after a restart, in their order, behind anything already
   * queued for the task. Nothing is sent at once: {@link #heads()} are sent on registration.
   */
  void restore(List<TaskStatus> recovered, long now) {
    recovered.forEach(st -> add(st, now));
  }

  /** The latest queued update of a task, if any is unacknowledged. */
  TaskStatus latest(TaskId task) {
    Stream s = streams.get(task);
    return s == null ? null : s.pending.peekLast();
  }

  int pendingCount() {
    return streams.values().stream().mapToInt(s -> s.pending.size()).sum();
  }
}
