package io.citadel.runtime.model;

import java.util.UUID;

/**
 * The one syntax rule shared by every Citadel identifier ({@link FrameworkId}, {@link AgentId},
 * {@link OfferId}, {@link TaskId}, {@link ExecutorId}).
 *
 * <p>Ids arrive from untrusted frameworks and agents and end up in file names (sandbox paths),
 * log lines and metric labels, so the rule is deliberately narrow: 1 to 255 characters of
 * {@code [A-Za-z0-9._-]}, not starting with {@code .} or {@code -} (no hidden files, no option
 * look-alikes), and no {@code ..} anywhere (no path traversal). Stateless; thread-safe.
 */
final class IdSyntax {

    /** Longest id accepted; also the usual file-name limit, since ids become directory names. */
    static final int MAX_LENGTH = 255;

    private IdSyntax() {
    }

    /**
     * Returns {@code value} if it is a valid id, else throws naming the id type and the value.
     *
     * @param type  the simple name of the id type, used in the error ("TaskId")
     * @param value the candidate id
     * @throws IllegalArgumentException if the value breaks the syntax rule
     */
    static String check(String type, String value) {
        if (value == null) {
            throw new IllegalArgumentException(type + " must not be null");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(type + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(type + " is " + value.length()
                    + " characters long, the limit is " + MAX_LENGTH + ": '" + Texts.printable(value) + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAllowed(c)) {
                throw new IllegalArgumentException(type + " '" + Texts.printable(value) + "' has the character "
                        + describe(c) + " at index " + i + "; allowed are A-Z a-z 0-9 . _ -");
            }
        }
        char first = value.charAt(0);
        if (first == '.' || first == '-') {
            throw new IllegalArgumentException(type + " '" + value + "' must not start with '" + first + "'");
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(type + " '" + value + "' must not contain '..'");
        }
        return value;
    }

    /** A fresh id {@code prefix-<uuid>}; random UUIDs are unguessable and never collide in practice. */
    static String random(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    private static String describe(char c) {
        return (c < 0x20 || c >= 0x7f) ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
