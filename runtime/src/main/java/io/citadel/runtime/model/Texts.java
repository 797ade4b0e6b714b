package io.citadel.runtime.model;

/**
 * Makes untrusted text safe to echo in an error or a log line: control and non-ASCII characters
 * are escaped (so input cannot forge log lines) and long text is cut. Stateless; thread-safe.
 */
final class Texts {

    private static final int MAX_ECHO = 64;

    private Texts() {
    }

    /** {@code text} escaped and cut to 64 characters, or {@code "null"}. */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        String cut = text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
