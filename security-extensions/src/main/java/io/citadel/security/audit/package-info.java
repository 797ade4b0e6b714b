/**
 * The tamper-evident audit log: JSON lines, each carrying the SHA-256 of the previous line, with
 * periodic checkpoints signed by the master's key.
 *
 * <h2>Flow</h2>
 * Callers (the authorizer) hand {@link io.citadel.security.audit.AuditRecord}s to
 * {@link io.citadel.security.audit.AuditLog#offer}, which never blocks; one writer thread chains,
 * writes to an {@link io.citadel.security.audit.AuditSink} (normally
 * {@link io.citadel.security.audit.FileAuditSink}) and signs checkpoints. Callers consult
 * {@link io.citadel.security.audit.AuditLog#healthy()} and refuse privileged actions while the sink
 * fails. {@link io.citadel.security.audit.AuditVerifier} checks a file and returns a
 * {@link io.citadel.security.audit.VerifyReport} naming the first bad line; the line format is
 * described in {@code AuditLines}.
 */
package io.citadel.security.audit;
