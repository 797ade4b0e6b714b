package io.citadel.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that seal the agent's checkpoints: one current key (new records are sealed under it)
 * and any number of retired keys (records sealed under them can still be read, and are re-sealed under
 * the current key the next time they are written). Each key is named by an id derived from its bytes,
 * which is stored in every record, so a key can rotate without rewriting every record at once.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows key ids only, never key bytes.
 */
public final class CheckpointKeys {
  /** AES-256. */
  public static final int KEY_BYTES = 32;

  private final String currentId;
  private final Map<String, SecretKey> byId;

  private CheckpointKeys(String currentId, Map<String, SecretKey> byId) {
    this.currentId = currentId;
    this.byId = Map.copyOf(byId);
  }

  /** Keys from raw bytes; {@code current} seals, {@code retired} only open. */
  public static CheckpointKeys of(byte[] current, List<byte[]> retired) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String id = put(keys, current);
    retired.forEach(k -> put(keys, k));
    return new CheckpointKeys(id, keys);
  }

  private static String put(Map<String, SecretKey> keys, byte[] bytes) {
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("a checkpoint key must be exactly " + KEY_BYTES + " bytes, got " + bytes.length);
    }
    String id = idOf(bytes);
    keys.putIfAbsent(id, new SecretKeySpec(bytes.clone(), "AES"));
    return id;
  }

  /**
   * Reads a key file: exactly 32 bytes, a regular file, readable by its owner only (mode 0600 or
   * stricter) — a key others can read protects nothing.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static byte[] readKeyFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("key file [" + file + "] does not exist or is not a regular file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new IllegalArgumentException("key file [" + file + "] must have mode 0600 (no group or other access), has "
              + java.nio.file.attribute.PosixFilePermissions.toString(perms));
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException("key file [" + file + "] must hold exactly " + KEY_BYTES + " bytes, holds "
            + bytes.length);
      }
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read key file [" + file + "]: " + e.getMessage(), e);
    }
  }

  /** A short public name of a key: the first 8 bytes of a domain-separated SHA-256, in hex. */
  static String idOf(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("citadel-checkpoint-key-id\0".getBytes(StandardCharsets.US_ASCII));
      byte[] digest = sha.digest(key);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The id of the key new records are sealed under. */
  public String currentId() {
    return currentId;
  }

  SecretKey current() {
    return byId.get(currentId);
  }

  /** The key with this id, if it is current or retired. */
  Optional<SecretKey> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public String toString() {
    return "CheckpointKeys[current=" + currentId + ", known=" + byId.keySet() + "]";
  }
}
