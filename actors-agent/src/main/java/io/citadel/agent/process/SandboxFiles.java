package io.citadel.agent.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Small file helpers for sandboxes: reading the tail of a task's output for status messages, and
 * writing metadata atomically so that a crash never leaves a half-written file that could be misread.
 *
 * <p>Stateless; thread-safe.
 */
public final class SandboxFiles {

    private SandboxFiles() {
    }

    /**
     * The last {@code maxBytes} bytes of {@code file} as UTF-8 text. A multi-byte character cut at the
     * start of the window is dropped rather than shown as garbage; other malformed bytes are replaced.
     *
     * @return the tail, or an empty string when the file does not exist (the task never wrote it)
     */
    public static String tail(Path file, int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        byte[] bytes;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int n = (int) Math.min(length, maxBytes);
            bytes = new byte[n];
            raf.seek(length - n);
            raf.readFully(bytes);
        } catch (java.io.FileNotFoundException e) {
            if (!Files.exists(file)) {
                return "";
            }
            throw e;
        }
        int start = 0;
        // Skip UTF-8 continuation bytes (10xxxxxx) left over from a character cut by the window.
        while (start < bytes.length && start < 3 && (bytes[start] & 0xC0) == 0x80) {
            start++;
        }
        return decodeLenient(bytes, start);
    }

    private static String decodeLenient(byte[] bytes, int start) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("REPLACE decoder cannot fail", e);
        }
    }

    /** Writes {@code content} to {@code file} through a temporary sibling and an atomic rename. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The file's content, or empty when it does not exist. */
    static Optional<String> readIfExists(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
