package io.citadel.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's checkpoints under {@code work-dir/meta/}: its agent id, one record per task (framework,
 * launch, sandbox, last state) and the task's unacknowledged status updates, so that an agent killed
 * with {@code kill -9} recovers its tasks and their updates (DESIGN §6).
 *
 * <pre>
 *   meta/agent-id
 *   meta/tasks/&lt;framework-id&gt;/&lt;task-id&gt;.task      TaskCheckpoint
 *   meta/tasks/&lt;framework-id&gt;/&lt;task-id&gt;.updates   pending TaskStatus list, oldest first
 * </pre>
 *
 * Every record is JSON sealed in a {@link SealedRecord} (AES-256-GCM + CRC32C) and written through a
 * temporary file, fsync and an atomic rename, so a crash leaves the old record or the new one, never a
 * mix. A record that fails to open is refused, never acted on: its task is reported LOST. Ids are safe
 * path components by their syntax ({@code IdSyntax}), which is why file names can carry them — and why
 * a refused record can still name its task.
 *
 * <p>Owned by the agent actor; not thread-safe. Methods do blocking file I/O (small files).
 */
final class Checkpoints {
  /** What the agent remembers of one task. */
  record TaskCheckpoint(FrameworkId frameworkId, TaskLaunch task, String sandboxDir, TaskState state) {
    TaskCheckpoint {
      Objects.requireNonNull(frameworkId, "frameworkId");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(state, "state");
    }

    TaskCheckpoint withState(TaskState next) {
      return new TaskCheckpoint(frameworkId, task, sandboxDir, next);
    }
  }

  /** A task read back, with its unacknowledged updates in order. */
  record RecoveredTask(TaskCheckpoint checkpoint, List<TaskStatus> pendingUpdates) {}

  /** A task whose records could not be trusted; {@code reason} is safe to log and report. */
  record RefusedTask(FrameworkId frameworkId, TaskId taskId, String reason) {}

  /** Everything read at start; {@code agentId} is empty when absent or refused. */
  record Recovery(Optional<AgentId> agentId, List<RecoveredTask> tasks, List<RefusedTask> refused) {}

  private record AgentIdRecord(AgentId agentId) {}

  private record UpdatesRecord(List<TaskStatus> updates) {}

  private static final String TASK = ".task";
  private static final String UPDATES = ".updates";

  private final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Checkpoints.class);
  private final Path meta;
  private final CheckpointKeys keys;
  private final ObjectMapper json = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  Checkpoints(Path workDir, CheckpointKeys keys) {
    this.meta = workDir.toAbsolutePath().normalize().resolve("meta");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  Path metaDir() {
    return meta;
  }

  /** Reads every record; refusals are logged at WARN and returned, never thrown. */
  Recovery recover() throws IOException {
    Optional<AgentId> agentId = Optional.empty();
    try {
      agentId = read("agent-id", AgentIdRecord.class).map(AgentIdRecord::agentId);
    } catch (SealedRecord.RefusedException e) {
      log.warn("Refusing checkpoint [{}]: {}; registering as a new agent", meta.resolve("agent-id"), e.getMessage());
    }
    List<RecoveredTask> tasks = new ArrayList<>();
    List<RefusedTask> refused = new ArrayList<>();
    Path root = meta.resolve("tasks");
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> frameworks = Files.newDirectoryStream(root, Files::isDirectory)) {
        for (Path fwDir : frameworks) {
          recoverFramework(fwDir, tasks, refused);
        }
      }
    }
    return new Recovery(agentId, tasks, refused);
  }

  private void recoverFramework(Path fwDir, List<RecoveredTask> tasks, List<RefusedTask> refused) throws IOException {
    FrameworkId fw;
    try {
      fw = FrameworkId.of(fwDir.getFileName().toString());
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring checkpoint directory [{}]: not a framework id", fwDir);
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(fwDir)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        if (file.endsWith(".tmp")) {
          // A write that never reached its rename: the previous record (if any) is the valid one.
          Files.deleteIfExists(f);
        } else if (file.endsWith(TASK)) {
          recoverTask(fw, file.substring(0, file.length() - TASK.length()), tasks, refused);
        } else if (!file.endsWith(UPDATES)) {
          log.warn("Ignoring unexpected file [{}] among checkpoints", f);
        }
      }
    }
  }

  private void recoverTask(FrameworkId fw, String taskName, List<RecoveredTask> tasks, List<RefusedTask> refused) {
    TaskId id;
    try {
      id = TaskId.of(taskName);
    } catch (IllegalArgumentException e) {
      log.warn("Ignoring checkpoint [{}]: file name is not a task id", taskName);
      return;
    }
    try {
      TaskCheckpoint t = read(taskName(fw, id, TASK), TaskCheckpoint.class)
          .orElseThrow(() -> new SealedRecord.RefusedException("task record vanished"));
      if (!t.frameworkId().equals(fw) || !t.task().taskId().equals(id)) {
        throw new SealedRecord.RefusedException("record names another task");
      }
      List<TaskStatus> updates = read(taskName(fw, id, UPDATES), UpdatesRecord.class)
          .map(UpdatesRecord::updates).orElse(List.of());
      tasks.add(new RecoveredTask(t, List.copyOf(updates)));
    } catch (SealedRecord.RefusedException e) {
      log.warn("Refusing checkpoint of task [{}] of framework [{}]: {}; the task will be reported LOST",
          id.value(), fw.value(), e.getMessage());
      refused.add(new RefusedTask(fw, id, e.getMessage()));
    }
  }

  void saveAgentId(AgentId id) throws IOException {
    write("agent-id", new AgentIdRecord(id));
  }

  void saveTask(TaskCheckpoint t) throws IOException {
    write(taskName(t.frameworkId(), t.task().taskId(), TASK), t);
  }

  /** Replaces the task's pending updates; an empty list removes the record. */
  void saveUpdates(FrameworkId fw, TaskId id, List<TaskStatus> pending) throws IOException {
    String name = taskName(fw, id, UPDATES);
    if (pending.isEmpty()) {
      Files.deleteIfExists(meta.resolve(name));
    } else {
      write(name, new UpdatesRecord(List.copyOf(pending)));
    }
  }

  /** Forgets a task (after its terminal update was acknowledged); also removes a refused record. */
  void remove(FrameworkId fw, TaskId id) throws IOException {
    Files.deleteIfExists(meta.resolve(taskName(fw, id, UPDATES)));
    Files.deleteIfExists(meta.resolve(taskName(fw, id, TASK)));
  }

  private static String taskName(FrameworkId fw, TaskId id, String suffix) {
    return "tasks/" + fw.value() + "/" + id.value() + suffix;
  }

  private <T> Optional<T> read(String name, Class<T> type) throws SealedRecord.RefusedException {
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(meta.resolve(name));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SealedRecord.RefusedException("cannot read record: " + e.getMessage());
    }
    byte[] plain = SealedRecord.open(keys, name, sealed);
    try {
      return Optional.of(json.readValue(plain, type));
    } catch (IOException | IllegalArgumentException e) {
      // Authentic but unreadable, e.g. written by an incompatible version. Jackson's message would
      // quote content (possibly a secret environment value), so only the type is named.
      throw new SealedRecord.RefusedException("record content is not a valid " + type.getSimpleName());
    }
  }

  private void write(String name, Object value) throws IOException {
    Path file = meta.resolve(name);
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    byte[] sealed = SealedRecord.seal(keys, name, json.writeValueAsBytes(value));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      ByteBuffer buf = ByteBuffer.wrap(sealed);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
