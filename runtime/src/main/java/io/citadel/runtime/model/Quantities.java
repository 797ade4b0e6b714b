package io.citadel.runtime.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * Fixed-point conversion between decimal text ({@code "0.125"}) and milli-units ({@code 125}).
 *
 * <p>Why fixed point: summing 0.1 ten times in binary floating point does not give 1.0, and an
 * allocator that adds and subtracts task resources millions of times drifts into phantom
 * {@code 1e-16} offers or refuses tasks that fit (B06). Citadel keeps every scalar as a
 * {@code long} count of thousandths, the same 0.001 resolution Mesos uses. Text with more than
 * three decimals is <em>rejected</em>, never rounded, so a request means exactly what it says.
 * Stateless; thread-safe.
 */
final class Quantities {

    /** Milli-units per whole unit. */
    static final long SCALE = 1000;

    /**
     * Largest milli value of one scalar (10^14, i.e. 10^11 whole units). Far above any machine, and
     * small enough that the sum over 10,000 agents still fits in a {@code long}.
     */
    static final long MAX_MILLI = 100_000_000_000_000L;

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");

    private Quantities() {
    }

    /**
     * Parses decimal text into milli-units, adding a violation for {@code field} and returning
     * {@code null} when the text is not a finite, non-negative, at most 3-decimal number within range.
     */
    static Long parseMilli(String field, String text, List<Violation> violations) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("nan") || lower.contains("inf")) {
            violations.add(new Violation(field, "must be a finite number, got '" + text + "'"));
            return null;
        }
        if (text.startsWith("-")) {
            violations.add(new Violation(field, "must not be negative, got " + text));
            return null;
        }
        if (!DECIMAL.matcher(text).matches()) {
            violations.add(new Violation(field, "is not a plain decimal number (digits with an optional"
                    + " fraction, e.g. 0.5): '" + text + "'"));
            return null;
        }
        BigDecimal value = new BigDecimal(text).stripTrailingZeros();
        if (value.scale() > 3) {
            violations.add(new Violation(field, "has more than 3 decimal places (resolution is 0.001,"
                    + " values are not rounded): " + text));
            return null;
        }
        BigDecimal milli = value.movePointRight(3);
        if (milli.compareTo(BigDecimal.valueOf(MAX_MILLI)) > 0) {
            violations.add(new Violation(field, "is too large, the maximum is " + format(MAX_MILLI) + ": " + text));
            return null;
        }
        return milli.longValueExact();
    }

    /** Formats milli-units as the shortest exact decimal: 500 → "0.5", 128000 → "128", 1 → "0.001". */
    static String format(long milli) {
        return BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString();
    }
}
