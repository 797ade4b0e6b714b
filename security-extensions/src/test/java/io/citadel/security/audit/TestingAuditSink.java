package io.citadel.security.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory {@link AuditSink} that can be switched to failing. Thread-safe for the test's reads. */
final class TestingAuditSink implements AuditSink {

    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger failures = new AtomicInteger();
    private final List<byte[]> lines = new ArrayList<>();
    volatile boolean closed;

    @Override
    public synchronized void append(byte[] line) throws IOException {
        if (failing.get()) {
            failures.incrementAndGet();
            throw new IOException("disk on fire (testing)");
        }
        lines.add(line.clone());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        closed = true;
    }

    synchronized List<String> lines() {
        return lines.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
    }
}
