package io.citadel.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealed checkpoint records: round trip, refusal of anything tampered with, key rotation, atomicity. */
class CheckpointsTest {
  @TempDir
  Path work;

  static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  private final byte[] key = key();
  private final FrameworkId fw = FrameworkId.of("fw-1");
  private final TaskId t1 = TaskId.of("t1");

  private Checkpoints checkpoints(byte[] current, byte[]... retired) {
    return new Checkpoints(work, CheckpointKeys.of(current, List.of(retired)));
  }

  private Checkpoints.TaskCheckpoint task(TaskId id, TaskState state) {
    var launch = new FrameworkProtocol.TaskLaunch(id, "name", Resources.parse("cpus:0.5;mem:64"),
        new FrameworkProtocol.CommandInfo("echo hi", Map.of("DB_PASSWORD", "s3cr3t-Value-42"), List.of()));
    return new Checkpoints.TaskCheckpoint(fw, launch, work.resolve("sandbox").toString(), state);
  }

  private TaskStatus update(TaskId id, TaskState state, String updateId) {
    return new TaskStatus(id, fw, AgentId.of("agent-1"), state, null, "m", updateId, 42, 0, "tail");
  }

  private Path taskFile() {
    return work.resolve("meta/tasks/fw-1/t1.task");
  }

  @Test
  void roundTripOfAgentIdTasksAndUpdates() throws Exception {
    Checkpoints c = checkpoints(key);
    c.saveAgentId(AgentId.of("agent-1"));
    c.saveTask(task(t1, TaskState.RUNNING));
    c.saveUpdates(fw, t1, List.of(update(t1, TaskState.RUNNING, "u1"), update(t1, TaskState.FINISHED, "u2")));

    Checkpoints.Recovery r = checkpoints(key).recover();

    assertThat(r.agentId()).contains(AgentId.of("agent-1"));
    assertThat(r.refused()).isEmpty();
    assertThat(r.tasks()).singleElement().satisfies(rt -> {
      assertThat(rt.checkpoint()).isEqualTo(task(t1, TaskState.RUNNING));
      assertThat(rt.pendingUpdates()).extracting(TaskStatus::updateId).containsExactly("u1", "u2");
    });
  }

  @Test
  void recordsAreEncryptedAndOwnerOnly() throws Exception {
    checkpoints(key).saveTask(task(t1, TaskState.RUNNING));

    String raw = new String(Files.readAllBytes(taskFile()), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("s3cr3t-Value-42").doesNotContain("echo hi");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(taskFile()))).isEqualTo("rw-------");
  }

  @Test
  void flippedByteIsRefusedAsCorruption() throws Exception {
    checkpoints(key).saveTask(task(t1, TaskState.RUNNING));
    byte[] bytes = Files.readAllBytes(taskFile());
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(taskFile(), bytes);

    Checkpoints.Recovery r = checkpoints(key).recover();

    assertThat(r.tasks()).isEmpty();
    assertThat(r.refused()).singleElement().satisfies(x -> {
      assertThat(x.taskId()).isEqualTo(t1);
      assertThat(x.frameworkId()).isEqualTo(fw);
      assertThat(x.reason()).contains("corrupted");
    });
  }

  @Test
  void tamperedRecordWithRecomputedChecksumFailsAuthentication() throws Exception {
    checkpoints(key).saveTask(task(t1, TaskState.RUNNING));
    byte[] bytes = Files.readAllBytes(taskFile());
    bytes[bytes.length - 10] ^= 0x01; // inside the ciphertext
    var crc = new java.util.zip.CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).putInt((int) crc.getValue());
    Files.write(taskFile(), bytes);

    assertThat(checkpoints(key).recover().refused()).singleElement()
        .satisfies(x -> assertThat(x.reason()).contains("failed authentication"));
  }

  @Test
  void recordMovedToAnotherTaskIsRefused() throws Exception {
    checkpoints(key).saveTask(task(t1, TaskState.RUNNING));
    Files.copy(taskFile(), work.resolve("meta/tasks/fw-1/t2.task"));

    Checkpoints.Recovery r = checkpoints(key).recover();

    assertThat(r.tasks()).extracting(rt -> rt.checkpoint().task().taskId()).containsExactly(t1);
    assertThat(r.refused()).singleElement().satisfies(x -> {
      assertThat(x.taskId()).isEqualTo(TaskId.of("t2"));
      assertThat(x.reason()).contains("failed authentication");
    });
  }

  @Test
  void unknownKeyIdIsRefusedAndRetiredKeyStillOpens() throws Exception {
    byte[] old = key();
    checkpoints(old).saveTask(task(t1, TaskState.RUNNING));
    checkpoints(old).saveAgentId(AgentId.of("agent-1"));

    Checkpoints.Recovery withoutOld = checkpoints(key).recover();
    assertThat(withoutOld.agentId()).isEmpty();
    assertThat(withoutOld.refused()).singleElement()
        .satisfies(x -> assertThat(x.reason()).contains("unknown key id [" + CheckpointKeys.idOf(old) + "]"));

    Checkpoints rotated = checkpoints(key, old);
    assertThat(rotated.recover().tasks()).hasSize(1);
    rotated.saveTask(task(t1, TaskState.KILLING)); // re-sealed under the current key
    assertThat(checkpoints(key).recover().tasks()).singleElement()
        .satisfies(rt -> assertThat(rt.checkpoint().state()).isEqualTo(TaskState.KILLING));
  }

  @Test
  void writesAreAtomicAndATornTemporaryIsIgnored() throws Exception {
    Checkpoints c = checkpoints(key);
    c.saveTask(task(t1, TaskState.RUNNING));
    c.saveTask(task(t1, TaskState.KILLING));
    try (var files = Files.list(taskFile().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("t1.task");
    }
    // A crash in the middle of the next write leaves a partial temporary file beside the record.
    Files.write(taskFile().resolveSibling("t1.task.tmp"), new byte[] {1, 2, 3});

    Checkpoints.Recovery r = checkpoints(key).recover();

    assertThat(r.refused()).isEmpty();
    assertThat(r.tasks()).singleElement().satisfies(rt -> assertThat(rt.checkpoint().state()).isEqualTo(TaskState.KILLING));
    assertThat(taskFile().resolveSibling("t1.task.tmp")).doesNotExist();
  }

  @Test
  void removeForgetsTheTaskAndEmptyUpdatesDeleteTheirRecord() throws Exception {
    Checkpoints c = checkpoints(key);
    c.saveTask(task(t1, TaskState.FINISHED));
    c.saveUpdates(fw, t1, List.of(update(t1, TaskState.FINISHED, "u1")));
    c.saveUpdates(fw, t1, List.of());
    assertThat(work.resolve("meta/tasks/fw-1/t1.updates")).doesNotExist();

    c.remove(fw, t1);

    assertThat(checkpoints(key).recover().tasks()).isEmpty();
  }

  @Test
  void keyFileMustBe32BytesAndOwnerOnly() throws Exception {
    Path file = work.resolve("k");
    Files.write(file, key);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> CheckpointKeys.readKeyFile(file)).hasMessageContaining("mode 0600").hasMessageContaining(file.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(CheckpointKeys.readKeyFile(file)).isEqualTo(key);
    Files.write(file, new byte[16]);
    assertThatThrownBy(() -> CheckpointKeys.readKeyFile(file)).hasMessageContaining("exactly 32 bytes");
    assertThatThrownBy(() -> CheckpointKeys.readKeyFile(work.resolve("missing")))
        .hasMessageContaining("does not exist");
    assertThat(CheckpointKeys.of(key, List.of()).toString()).doesNotContain(java.util.HexFormat.of().formatHex(key));
  }
}
