package io.citadel.security.policy;

import java.nio.file.Path;

/**
 * A policy file that cannot be loaded: names the file, the line and column (0 when unknown), the
 * field path (for example {@code policies[2].resources.role.values[0]}) and what is wrong.
 */
public final class PolicyFileException extends RuntimeException {

    private final transient Path file;
    private final int line;
    private final int column;
    private final String field;

    public PolicyFileException(Path file, int line, int column, String field, String problem, Throwable cause) {
        super("policy file " + file + " line " + line + " column " + column
                + (field.isEmpty() ? "" : ", field " + field) + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The JSON path of the offending field, empty for the document itself. */
    public String field() {
        return field;
    }
}
