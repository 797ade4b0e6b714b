package io.citadel.security.audit;

import java.io.IOException;

/**
 * Where audit lines go. Called only from the {@link AuditLog} writer thread, so implementations need
 * not be thread-safe. A failing call throws; the log then retries the same line.
 */
public interface AuditSink extends AutoCloseable {

    /** Appends one line ({@code line} has no newline; the sink adds it). All or nothing, if it can. */
    void append(byte[] line) throws IOException;

    /** Makes appended lines durable. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
