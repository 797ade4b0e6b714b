package io.citadel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.TaskStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status-update manager: order per task, one in flight, back-off, re-sending after registration. */
class StatusUpdatesTest {
  private final StatusUpdates updates = new StatusUpdates(Duration.ofMillis(100), Duration.ofMillis(400));

  static TaskStatus status(String task, TaskState state, String updateId) {
    return new TaskStatus(TaskId.of(task), FrameworkId.of("fw-1"), null, state, null, "", updateId, 0, null, "");
  }

  @Test
  void updatesOfOneTaskGoOutInOrderOneAtATime() {
    assertThat(updates.add(status("t1", TaskState.STARTING, "u1"), 0)).extracting(TaskStatus::updateId).isEqualTo("u1");
    assertThat(updates.add(status("t1", TaskState.RUNNING, "u2"), 0)).isNull();
    assertThat(updates.add(status("t1", TaskState.FINISHED, "u3"), 0)).isNull();

    assertThat(updates.acknowledge(TaskId.of("t1"), "u1", 10).updateId()).isEqualTo("u2");
    assertThat(updates.acknowledge(TaskId.of("t1"), "u2", 20).updateId()).isEqualTo("u3");
    assertThat(updates.acknowledge(TaskId.of("t1"), "u3", 30)).isNull();
    assertThat(updates.pendingCount()).isZero();
  }

  @Test
  void onlyTheHeadIsInFlightAndRetried() {
    updates.add(status("t1", TaskState.STARTING, "u1"), 0);
    updates.add(status("t1", TaskState.RUNNING, "u2"), 0);
    updates.add(status("t2", TaskState.STARTING, "v1"), 0);

    assertThat(updates.due(100)).extracting(TaskStatus::updateId).containsExactly("u1", "v1");
  }

  @Test
  void acknowledgementOfANonHeadIsIgnored() {
    updates.add(status("t1", TaskState.STARTING, "u1"), 0);
    updates.add(status("t1", TaskState.RUNNING, "u2"), 0);

    assertThat(updates.acknowledge(TaskId.of("t1"), "u2", 10)).isNull();
    assertThat(updates.acknowledge(TaskId.of("t9"), "u1", 10)).isNull();
    assertThat(updates.pending(TaskId.of("t1"))).extracting(TaskStatus::updateId).containsExactly("u1", "u2");
  }

  @Test
  void backoffDoublesUpToTheCap() {
    updates.add(status("t1", TaskState.STARTING, "u1"), 0);
    assertThat(updates.due(99)).isEmpty();
    long now = 100;
    List<Long> gaps = new java.util.ArrayList<>();
    long last = 0;
    // Walk time in 1 ms steps and record when the head comes due.
    for (; now <= 2_000; now++) {
      if (!updates.due(now).isEmpty()) {
        gaps.add(now - last);
        last = now;
      }
    }
    assertThat(gaps.subList(0, 5)).containsExactly(100L, 200L, 400L, 400L, 400L);
  }

  @Test
  void headsAfterReregistrationAreEveryTasksOldestUpdate() {
    updates.add(status("t1", TaskState.STARTING, "u1"), 0);
    updates.add(status("t1", TaskState.RUNNING, "u2"), 0);
    updates.add(status("t2", TaskState.STARTING, "v1"), 0);
    updates.acknowledge(TaskId.of("t2"), "v1", 5);
    updates.add(status("t2", TaskState.RUNNING, "v2"), 6);

    assertThat(updates.heads()).extracting(TaskStatus::updateId).containsExactly("u1", "v2");
  }

  @Test
  void restoredUpdatesKeepTheirOrder() {
    updates.restore(List.of(status("t1", TaskState.RUNNING, "u2"), status("t1", TaskState.FINISHED, "u3")), 0);

    assertThat(updates.heads()).extracting(TaskStatus::updateId).containsExactly("u2");
    assertThat(updates.latest(TaskId.of("t1")).updateId()).isEqualTo("u3");
  }
}
