package io.citadel.security.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit log's line format, shared by writer and verifier. Stateless.
 *
 * <p>Every line is one JSON object followed by {@code \n}, fields in this order:
 * <pre>
 * {"type":"record","seq":7,"time":"2025-01-01T00:00:00Z","principal":"alice","action":"reserve",
 *  "object":"role=eng","decision":"deny","policyId":"P2","requestId":"r-17","epoch":3,"prevHash":"9f2c..."}
 * {"type":"checkpoint","seq":8,"time":"2025-01-01T00:00:05Z","final":false,"alg":"SHA256withECDSA",
 *  "prevHash":"4b1a...","signature":"MEUCIQ..."}
 * </pre>
 * {@code seq} counts lines from 1 without gaps; {@code prevHash} is the lower-case hex SHA-256 of
 * the previous line's bytes (without its newline), 64 zeros for the first line. A checkpoint signs
 * {@link #signedBytes(long, String, boolean, String)} - its seq, the hash of the chain so far, its
 * {@code final} flag and time - so one signature vouches for every line before it. A {@code final}
 * checkpoint is written by a clean close.
 */
final class AuditLines {

    static final String GENESIS = "0".repeat(64);
    static final List<String> RECORD_FIELDS = List.of("type", "seq", "time", "principal", "action", "object",
            "decision", "policyId", "requestId", "epoch", "prevHash");
    static final List<String> CHECKPOINT_FIELDS = List.of("type", "seq", "time", "final", "alg", "prevHash",
            "signature");

    private static final JsonFactory JSON = new JsonFactory();

    private AuditLines() {
    }

    static byte[] record(long seq, Instant time, AuditRecord r, String prevHash) {
        return write(g -> {
            g.writeStringField("type", "record");
            g.writeNumberField("seq", seq);
            g.writeStringField("time", time.toString());
            g.writeStringField("principal", r.principal());
            g.writeStringField("action", r.action());
            g.writeStringField("object", r.object());
            g.writeStringField("decision", r.allowed() ? "allow" : "deny");
            g.writeStringField("policyId", r.policyId());
            g.writeStringField("requestId", r.requestId());
            g.writeNumberField("epoch", r.epoch());
            g.writeStringField("prevHash", prevHash);
        });
    }

    static byte[] checkpoint(long seq, Instant time, boolean fin, String alg, String prevHash, String signature) {
        return write(g -> {
            g.writeStringField("type", "checkpoint");
            g.writeNumberField("seq", seq);
            g.writeStringField("time", time.toString());
            g.writeBooleanField("final", fin);
            g.writeStringField("alg", alg);
            g.writeStringField("prevHash", prevHash);
            g.writeStringField("signature", signature);
        });
    }

    /** The bytes a checkpoint signs. */
    static byte[] signedBytes(long seq, String prevHash, boolean fin, String time) {
        return ("citadel-audit-checkpoint/1\n" + seq + "\n" + prevHash + "\n" + fin + "\n" + time)
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The signature algorithm for a key: ECDSA or RSA with SHA-256. */
    static String algorithmFor(Key key) throws GeneralSecurityException {
        if (key instanceof ECKey) {
            return "SHA256withECDSA";
        }
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        throw new GeneralSecurityException("audit checkpoints need an EC or RSA key, not " + key.getAlgorithm());
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
