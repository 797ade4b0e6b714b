package io.citadel.security.policy;

/** A resource value that cannot be normalised (for example a role path with a {@code ..} component). */
public final class InvalidResourceException extends IllegalArgumentException {

    public InvalidResourceException(String kind, String value, String why) {
        super("invalid " + kind + " [" + printable(value) + "]: " + why);
    }

    /** Control characters are escaped so a hostile value cannot forge log lines. */
    static String printable(String value) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), 200));
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return value.length() > 200 ? b + "..." : b.toString();
    }
}
