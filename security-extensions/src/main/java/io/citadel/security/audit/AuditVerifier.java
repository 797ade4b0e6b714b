package io.citadel.security.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * Checks an audit log file written by {@link AuditLog}. Stateless and thread-safe.
 *
 * <h2>What is detected</h2>
 * <ul>
 *   <li><b>Modification</b> of any line: the next line's {@code prevHash} no longer matches (the
 *       modified line is reported), or a checkpoint signature fails.</li>
 *   <li><b>Deletion</b> of lines: a gap in {@code seq}.</li>
 *   <li><b>Insertion</b> and <b>reordering</b>: {@code seq} out of order, or, if an attacker
 *       renumbered, a {@code prevHash} mismatch at the first line after the change.</li>
 *   <li><b>Truncation</b>: the file no longer ends with a {@code final} checkpoint (which a clean
 *       close writes, and whose flag is signed), so the report is {@code INCOMPLETE}.</li>
 * </ul>
 * <h2>What cannot be detected from the file alone</h2>
 * <ul>
 *   <li>Changes to lines after the last checkpoint, when the attacker recomputes their hashes: the
 *       chain is unkeyed, only checkpoints are signed. Such a file is still reported
 *       {@code INCOMPLETE}, never {@code OK}, because it lacks a final checkpoint.</li>
 *   <li>Truncation back to an earlier <em>final</em> checkpoint (one written by a clean close before a
 *       restart). {@link VerifyReport#lastSeq()} must be compared with an external record.</li>
 *   <li>A holder of the signing key can rewrite everything.</li>
 * </ul>
 * The report names the first bad line; lines after it are not checked.
 */
public final class AuditVerifier {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private AuditVerifier() {
    }

    /** Verifies {@code file} against the public key of the certificate that signed it. */
    public static VerifyReport verify(Path file, X509Certificate certificate) throws IOException {
        return verify(file, certificate.getPublicKey());
    }

    /** Verifies {@code file} against the checkpoint-signing {@code key}. */
    public static VerifyReport verify(Path file, PublicKey key) throws IOException {
        String alg;
        try {
            alg = AuditLines.algorithmFor(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        long lineNo = 0;
        long records = 0;
        long checkpoints = 0;
        long expectedSeq = 1;
        String prevHash = AuditLines.GENESIS;
        long uncoveredFrom = 0;
        boolean endsFinal = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Line line;
            while ((line = Line.read(in)) != null) {
                lineNo++;
                if (!line.terminated) {
                    return new VerifyReport(VerifyReport.Status.INCOMPLETE, lineNo,
                            "partial last line without a newline (crash during a write, or truncation)",
                            lineNo, records, checkpoints, expectedSeq - 1);
                }
                String problem = check(line.bytes, expectedSeq, prevHash, key, alg);
                if (problem != null) {
                    boolean chainBroken = problem.startsWith(PREV_HASH_MISMATCH) && lineNo > 1;
                    if (problem.startsWith(PREV_HASH_MISMATCH) && lineNo == 1) {
                        problem = "the first line does not start the chain: lines were removed from the start";
                    }
                    return new VerifyReport(VerifyReport.Status.TAMPERED, chainBroken ? lineNo - 1 : lineNo,
                            chainBroken ? "line " + (lineNo - 1) + " does not hash to the prevHash of line " + lineNo
                                    + ": it was modified, or lines were inserted, deleted or reordered here" : problem,
                            lineNo, records, checkpoints, expectedSeq - 1);
                }
                boolean checkpoint = line.bytes.length > 0 && isCheckpoint(line.bytes);
                if (checkpoint) {
                    checkpoints++;
                    endsFinal = JSON.readTree(line.bytes).get("final").asBoolean();
                    uncoveredFrom = 0;
                } else {
                    records++;
                    endsFinal = false;
                    if (uncoveredFrom == 0) {
                        uncoveredFrom = lineNo;
                    }
                }
                prevHash = AuditLines.sha256Hex(line.bytes);
                expectedSeq++;
            }
        }
        if (lineNo == 0) {
            return new VerifyReport(VerifyReport.Status.INCOMPLETE, 1, "empty log", 0, 0, 0, 0);
        }
        if (!endsFinal) {
            long from = uncoveredFrom == 0 ? lineNo : uncoveredFrom;
            return new VerifyReport(VerifyReport.Status.INCOMPLETE, from, "lines from " + from
                    + " on are not covered by a final checkpoint: the log was not closed cleanly, or was truncated",
                    lineNo, records, checkpoints, expectedSeq - 1);
        }
        return new VerifyReport(VerifyReport.Status.OK, 0, "", lineNo, records, checkpoints, expectedSeq - 1);
    }

    private static final String PREV_HASH_MISMATCH = "prevHash mismatch";

    private static boolean isCheckpoint(byte[] bytes) throws IOException {
        return "checkpoint".equals(JSON.readTree(bytes).get("type").asText());
    }

    /** {@code null} when the line is good, else what is wrong with it. */
    private static String check(byte[] bytes, long expectedSeq, String prevHash, PublicKey key, String alg) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            return "not a JSON object: " + e.getMessage();
        }
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        String type = text(node, "type");
        List<String> expected = "record".equals(type) ? AuditLines.RECORD_FIELDS
                : "checkpoint".equals(type) ? AuditLines.CHECKPOINT_FIELDS : null;
        if (expected == null) {
            return "unknown line type [" + type + "]";
        }
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        if (!names.equals(expected)) {
            return "fields " + names + " are not the " + type + " fields " + expected;
        }
        JsonNode seq = node.get("seq");
        if (!seq.isIntegralNumber() || seq.asLong() != expectedSeq) {
            return "seq " + seq + " where " + expectedSeq + " was expected: lines were deleted, inserted or reordered";
        }
        if (!prevHash.equals(text(node, "prevHash"))) {
            return PREV_HASH_MISMATCH;
        }
        if ("checkpoint".equals(type)) {
            return checkSignature(node, expectedSeq, prevHash, key, alg);
        }
        return null;
    }

    private static String checkSignature(JsonNode node, long seq, String prevHash, PublicKey key, String alg) {
        if (!alg.equals(text(node, "alg"))) {
            return "checkpoint algorithm [" + text(node, "alg") + "] is not " + alg + " of the given key";
        }
        JsonNode fin = node.get("final");
        if (!fin.isBoolean()) {
            return "checkpoint 'final' is not a boolean";
        }
        try {
            Signature s = Signature.getInstance(alg);
            s.initVerify(key);
            s.update(AuditLines.signedBytes(seq, prevHash, fin.asBoolean(), text(node, "time")));
            if (!s.verify(Base64.getDecoder().decode(text(node, "signature")))) {
                return "checkpoint signature does not verify with the given key";
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "checkpoint signature is malformed: " + e.getMessage();
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    /** One line of the file, and whether it ended with a newline. */
    private record Line(byte[] bytes, boolean terminated) {
        static Line read(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    return new Line(out.toByteArray(), true);
                }
                out.write(b);
            }
            return out.size() == 0 ? null : new Line(out.toByteArray(), false);
        }
    }
}
