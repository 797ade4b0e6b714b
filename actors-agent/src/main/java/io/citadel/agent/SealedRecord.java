package io.citadel.agent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.zip.CRC32C;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The on-disk envelope of one checkpoint record, sealed with AES-256-GCM:
 *
 * <pre>
 *   "CKP1" | u8 key-id length | key id (ASCII) | 12-byte nonce | u32 n | n bytes ciphertext+tag | u32 CRC32C
 * </pre>
 *
 * The CRC32C covers every byte before it, so a torn or bit-flipped file is reported as corruption;
 * the GCM tag then proves the record was written by a holder of the key. The associated data binds the
 * key id and the record's name (its path under {@code meta/}), so a valid record copied over another
 * task's file is refused too.
 *
 * <p>Stateless apart from a {@link SecureRandom}; thread-safe.
 */
final class SealedRecord {
  private static final byte[] MAGIC = "CKP1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedRecord() {}

  /** Why a record was refused; its message is safe to log (no key or plaintext in it). */
  static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message);
    }
  }

  static byte[] seal(CheckpointKeys keys, String name, byte[] plaintext) {
    byte[] keyId = keys.currentId().getBytes(StandardCharsets.US_ASCII);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] ciphertext;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.current(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(keyId, name));
      ciphertext = cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every Java platform", e);
    }
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + keyId.length + NONCE_BYTES + 4 + ciphertext.length + 4);
    out.put(MAGIC).put((byte) keyId.length).put(keyId).put(nonce).putInt(ciphertext.length).put(ciphertext);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  static byte[] open(CheckpointKeys keys, String name, byte[] file) throws RefusedException {
    if (file.length < MAGIC.length + 1 + NONCE_BYTES + 4 + 16 + 4) {
      throw new RefusedException("record is truncated (" + file.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(file, 0, file.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(file, file.length - 4, 4).getInt()) {
      throw new RefusedException("record is corrupted (CRC32C mismatch)");
    }
    ByteBuffer in = ByteBuffer.wrap(file, 0, file.length - 4);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new RefusedException("record has an unknown format");
    }
    int idLength = Byte.toUnsignedInt(in.get());
    if (idLength == 0 || in.remaining() < idLength + NONCE_BYTES + 4) {
      throw new RefusedException("record has a malformed header");
    }
    byte[] keyId = new byte[idLength];
    in.get(keyId);
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    int n = in.getInt();
    if (n != in.remaining()) {
      throw new RefusedException("record length field does not match the file");
    }
    String id = new String(keyId, StandardCharsets.US_ASCII);
    SecretKey key = keys.byId(id).orElseThrow(() -> new RefusedException(
        "record is sealed under unknown key id [" + id + "] (known: " + keys + ")"));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(keyId, name));
      return cipher.doFinal(file, in.position(), n);
    } catch (AEADBadTagException e) {
      throw new RefusedException("record failed authentication under key id [" + id
          + "] (tampered, or moved from another record)");
    } catch (GeneralSecurityException e) {
      throw new RefusedException("record cannot be decrypted: " + e.getMessage());
    }
  }

  private static byte[] aad(byte[] keyId, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(MAGIC.length + keyId.length + 1 + nameBytes.length)
        .put(MAGIC).put(keyId).put((byte) 0).put(nameBytes).array();
  }
}
