package io.citadel.security.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends audit lines to a file. On open it finds where the chain ends (the last complete line's
 * seq and hash) so a restarted writer continues the same chain; a partial last line (a crash in
 * the middle of a write, never covered by any later hash) is cut off with a WARN. A failed append
 * truncates back to the last complete line so a retry does not leave garbage. Owned by the
 * {@link AuditLog} writer thread; not thread-safe.
 */
public final class FileAuditSink implements AuditSink {

    private static final Logger LOG = LoggerFactory.getLogger(FileAuditSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where an existing chain ends: last seq (0 if empty) and the hash of the last line. */
    public record Tail(long lastSeq, String lastHash) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Tail tail;

    private FileAuditSink(Path file, FileChannel channel, Tail tail) {
        this.file = file;
        this.channel = channel;
        this.tail = tail;
    }

    /** Opens (creating if needed) {@code file} for appending and reads where its chain ends. */
    public static FileAuditSink open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Tail tail = readTail(file, ch);
            ch.position(ch.size());
            return new FileAuditSink(file, ch, tail);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public Tail tail() {
        return tail;
    }

    @Override
    public void append(byte[] line) throws IOException {
        long before = channel.size();
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            try {
                channel.truncate(before);
                channel.position(before);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static Tail readTail(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return new Tail(0, AuditLines.GENESIS);
        }
        long end = lastNewlineBefore(ch, size);
        if (end != size - 1) {
            LOG.warn("Audit log [{}] ends with a partial line of [{}] bytes (crash during a write?); cutting it off",
                    file, size - end - 1);
            ch.truncate(end + 1);
        }
        if (end < 0) {
            return new Tail(0, AuditLines.GENESIS);
        }
        long start = lastNewlineBefore(ch, end) + 1;
        ByteBuffer line = ByteBuffer.allocate((int) (end - start));
        ch.read(line, start);
        byte[] bytes = line.array();
        JsonNode node = JSON.readTree(bytes);
        JsonNode seq = node == null ? null : node.get("seq");
        if (seq == null || !seq.canConvertToLong()) {
            throw new IOException("audit log " + file + ": last line has no seq; run 'citadel audit verify'");
        }
        return new Tail(seq.asLong(), AuditLines.sha256Hex(bytes));
    }

    /** Position of the last '\n' strictly before {@code limit}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long limit) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = limit;
        while (pos > 0) {
            int len = (int) Math.min(buf.capacity(), pos);
            buf.clear().limit(len);
            ch.read(buf, pos - len);
            for (int i = len - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos - len + i;
                }
            }
            pos -= len;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "FileAuditSink[" + file + "]";
    }
}
