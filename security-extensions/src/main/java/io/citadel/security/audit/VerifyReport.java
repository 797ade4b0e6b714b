package io.citadel.security.audit;

/**
 * The result of {@link AuditVerifier#verify}. Immutable.
 *
 * @param status {@code OK}: every line chains and the file ends with a valid final checkpoint;
 *               {@code INCOMPLETE}: the chain is intact but its tail is not covered by a final
 *               checkpoint (unclean stop, or truncation); {@code TAMPERED}: a line is broken
 * @param firstBadLine 1-based line number of the first bad line (TAMPERED), or of the first line
 *                     not covered by a signature (INCOMPLETE); 0 when OK
 * @param problem what is wrong, empty when OK
 * @param lines lines read
 * @param records record lines read
 * @param checkpoints valid checkpoints read
 * @param lastSeq the last valid seq; compare it with an external record of the log's length to
 *                detect truncation back to an earlier final checkpoint
 */
public record VerifyReport(Status status, long firstBadLine, String problem, long lines, long records,
                           long checkpoints, long lastSeq) {

    /** Outcome of a verification. */
    public enum Status { OK, INCOMPLETE, TAMPERED }

    public boolean ok() {
        return status == Status.OK;
    }

    @Override
    public String toString() {
        return status + (ok() ? "" : " at line " + firstBadLine + ": " + problem) + " (" + lines + " lines, "
                + records + " records, " + checkpoints + " checkpoints, last seq " + lastSeq + ")";
    }
}
