package io.citadel.master.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the identity a session stamped onto a call before it crosses from one master to another, with
 * an HMAC-SHA256 under a key that only masters hold. The cluster port already admits master
 * certificates only; the seal makes a forged identity detectable even if that check were bypassed,
 * so the leading master never trusts an identity because of where a message came from.
 *
 * <p>Immutable and thread-safe (a {@link Mac} is created per call).
 */
public final class IdentitySeal {
  private final SecretKeySpec key;

  public IdentitySeal(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("identity key must be at least 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public String seal(String... fields) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      for (String f : fields) {
        byte[] b = f.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) (b.length >>> 24));
        mac.update((byte) (b.length >>> 16));
        mac.update((byte) (b.length >>> 8));
        mac.update((byte) b.length);
        mac.update(b);
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public boolean verify(String seal, String... fields) {
    return seal != null && MessageDigest.isEqual(
        seal.getBytes(StandardCharsets.US_ASCII), seal(fields).getBytes(StandardCharsets.US_ASCII));
  }
}
