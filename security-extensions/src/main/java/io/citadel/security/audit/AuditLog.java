package io.citadel.security.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The hash-chained, signed audit log writer (line format: {@link AuditLines}).
 *
 * <p>Goals: a decision never waits for the disk, every accepted record ends up in the chain in
 * acceptance order, and a failing sink is noticed by callers. So: {@link #offer(AuditRecord)} puts
 * the record (stamped with the injected clock) in a bounded queue and returns at once - {@code false}
 * when the queue is full or the log is closed, and the caller must then refuse the privileged action
 * it wanted to audit. One writer thread drains the queue, chains and writes each line, and writes a
 * signed checkpoint every {@code checkpointEvery} records or when {@code checkpointInterval} has
 * passed since the last one with records after it. When the sink throws, {@link #healthy()} turns
 * {@code false}, an ERROR is logged once per outage, and the writer retries the same line every
 * {@code retryBackoff} until the sink recovers (then {@code healthy()} is {@code true} again and an
 * INFO is logged). Callers check {@code healthy()} before privileged actions and fail closed.
 * {@link #close()} drains the queue, writes a {@code final} checkpoint and closes the sink.
 *
 * <p>Thread-safe: {@code offer}, {@code healthy} and {@code close} may be called from any thread;
 * the chain state is owned by the writer thread.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    /**
     * @param queueCapacity records that may wait for the writer
     * @param checkpointEvery records between checkpoints
     * @param checkpointInterval longest time records stay without a checkpoint
     * @param retryBackoff wait between attempts on a failing sink
     * @param closeAttempts attempts per line once closing, before giving up (the loss is logged)
     */
    public record Settings(int queueCapacity, int checkpointEvery, Duration checkpointInterval,
                           Duration retryBackoff, int closeAttempts) {
        public Settings {
            if (queueCapacity < 1 || checkpointEvery < 1 || closeAttempts < 1) {
                throw new IllegalArgumentException("queueCapacity, checkpointEvery and closeAttempts must be >= 1");
            }
            if (checkpointInterval.isNegative() || checkpointInterval.isZero() || retryBackoff.isNegative()) {
                throw new IllegalArgumentException("checkpointInterval must be > 0 and retryBackoff >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings(65_536, 1000, Duration.ofSeconds(10), Duration.ofMillis(500), 5);
        }
    }

    private record Pending(AuditRecord record, Instant time) {
    }

    private final AuditSink sink;
    private final PrivateKey key;
    private final String algorithm;
    private final Clock clock;
    private final Settings settings;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong linesWritten = new AtomicLong();
    private volatile boolean healthy = true;
    private volatile boolean closing;

    // Owned by the writer thread.
    private long nextSeq;
    private String prevHash;
    private int recordsSinceCheckpoint;
    private Instant lastCheckpoint;
    private boolean dirty;

    /**
     * Starts a log that continues the chain ending at {@code tail}.
     *
     * @throws GeneralSecurityException when {@code key} is neither EC nor RSA
     */
    public AuditLog(AuditSink sink, FileAuditSink.Tail tail, PrivateKey key, Clock clock, Settings settings)
            throws GeneralSecurityException {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = AuditLines.algorithmFor(key);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.nextSeq = tail.lastSeq() + 1;
        this.prevHash = tail.lastHash();
        this.lastCheckpoint = clock.instant();
        this.writer = new Thread(this::run, "citadel-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens {@code file} (continuing its chain) and starts a log over it. */
    public static AuditLog open(Path file, PrivateKey key, Clock clock, Settings settings)
            throws IOException, GeneralSecurityException {
        FileAuditSink sink = FileAuditSink.open(file);
        LOG.info("Audit log [{}] opened at seq [{}]", file, sink.tail().lastSeq());
        return new AuditLog(sink, sink.tail(), key, clock, settings);
    }

    /** Queues {@code record}; never blocks. {@code false}: not accepted (queue full or closed). */
    public boolean offer(AuditRecord record) {
        // The read lock lets offers run concurrently but never across close(): an accepted record
        // is always in the queue before the writer's last drain.
        closeLock.readLock().lock();
        try {
            if (closing || !queue.offer(new Pending(record, clock.instant()))) {
                dropped.incrementAndGet();
                return false;
            }
            return true;
        } finally {
            closeLock.readLock().unlock();
        }
    }

    /** {@code false} while the sink is failing: refuse privileged actions. */
    public boolean healthy() {
        return healthy && !closing;
    }

    /** Records refused by {@link #offer(AuditRecord)} or lost at close. */
    public long dropped() {
        return dropped.get();
    }

    /** Lines (records and checkpoints) written so far. */
    public long linesWritten() {
        return linesWritten.get();
    }

    /** Drains the queue, writes the final checkpoint, closes the sink. Idempotent. */
    @Override
    public void close() {
        // No interrupt: an interrupt during FileChannel.write closes the channel for good. The
        // writer polls at most 50 ms at a time and sees the flag.
        closeLock.writeLock().lock();
        try {
            closing = true;
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.error("Audit writer did not stop within 30 s; records may be lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                Pending p = poll();
                if (p != null) {
                    writeLine(AuditLines.record(nextSeq, p.time(), p.record(), prevHash));
                    recordsSinceCheckpoint++;
                    if (recordsSinceCheckpoint >= settings.checkpointEvery()) {
                        checkpoint(false);
                    }
                } else {
                    flushIfDirty();
                }
                if (recordsSinceCheckpoint > 0
                        && !clock.instant().isBefore(lastCheckpoint.plus(settings.checkpointInterval()))) {
                    checkpoint(false);
                }
            }
            checkpoint(true);
            flushIfDirty();
        } catch (LineLostException e) {
            LOG.error("Audit log closing with a failing sink; [{}] queued records lost", queue.size() + 1);
            dropped.addAndGet(queue.size() + 1L);
        } finally {
            try {
                sink.close();
            } catch (IOException e) {
                LOG.error("Closing audit sink [{}] failed", sink, e);
            }
            stopped.countDown();
        }
    }

    private Pending poll() {
        try {
            return closing ? queue.poll() : queue.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Not re-asserted: an interrupted thread cannot write to a FileChannel. Only close()
            // should stop this thread, so treat an interrupt as a close.
            closing = true;
            return null;
        }
    }

    private void checkpoint(boolean fin) {
        Instant now = clock.instant();
        String time = now.toString();
        String signature;
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(AuditLines.signedBytes(nextSeq, prevHash, fin, time));
            signature = Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign audit checkpoint", e);
        }
        writeLine(AuditLines.checkpoint(nextSeq, now, fin, algorithm, prevHash, signature));
        recordsSinceCheckpoint = 0;
        lastCheckpoint = now;
        flushIfDirty();
    }

    /** Writes one line, retrying the same bytes while the sink fails. */
    private void writeLine(byte[] line) {
        int attempts = 0;
        while (true) {
            try {
                sink.append(line);
                break;
            } catch (IOException | RuntimeException e) {
                attempts++;
                if (healthy) {
                    healthy = false;
                    LOG.error("AUDIT SINK FAILED: [{}] cannot write seq [{}]; privileged actions are refused "
                            + "until it recovers", sink, nextSeq, e);
                }
                if (closing && attempts >= settings.closeAttempts()) {
                    throw new LineLostException();
                }
                backoff();
            }
        }
        nextSeq++;
        prevHash = AuditLines.sha256Hex(line);
        dirty = true;
        linesWritten.incrementAndGet();
        if (!healthy) {
            healthy = true;
            LOG.info("Audit sink [{}] recovered at seq [{}]", sink, nextSeq - 1);
        }
    }

    private void flushIfDirty() {
        if (!dirty) {
            return;
        }
        try {
            sink.flush();
            dirty = false;
        } catch (IOException e) {
            if (healthy) {
                healthy = false;
                LOG.error("AUDIT SINK FAILED: [{}] cannot flush; privileged actions are refused until it recovers",
                        sink, e);
            }
        }
    }

    private void backoff() {
        long deadline = System.nanoTime() + settings.retryBackoff().toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left); // retry pacing, not waiting for a condition
            } catch (InterruptedException e) {
                closing = true;
                return;
            }
        }
    }

    /** Signals that a line could not be written while closing. */
    private static final class LineLostException extends RuntimeException {
        LineLostException() {
            super(null, null, false, false);
        }
    }
}
