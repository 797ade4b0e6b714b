package io.citadel.runtime.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * An agent's attributes: facts frameworks place tasks by ({@code rack:r1;zone:z2;level:3}), as in
 * Mesos. A value is text ({@code [A-Za-z0-9._/-]}, up to 255 characters), a non-negative scalar
 * (fixed point like {@link Resources}: at most 3 decimals), or ranges ({@code [1-10,20-30]}).
 * Text that reads as a number is a scalar, as in Mesos. Sets ({@code {a,b}}) are not supported.
 *
 * <p>Immutable. Serialised by Jackson as a map from name to the value's text form, and parsed
 * (validated) again on deserialisation.
 *
 * @param values attribute values by name, sorted by name
 */
public record Attributes(Map<String, Value> values) {

    /** No attributes. */
    public static final Attributes EMPTY = new Attributes(Map.of());
    /** Most attributes one agent may have. */
    public static final int MAX_ATTRIBUTES = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9.]+");
    private static final Pattern RANGE = Pattern.compile("([0-9]{1,18})-([0-9]{1,18})");

    /** One attribute value. */
    public sealed interface Value permits Text, Scalar, Ranges {
    }

    /** A text value such as {@code r1}. */
    public record Text(String value) implements Value {
        @Override
        public String toString() {
            return value;
        }
    }

    /** A scalar in milli-units ({@code level:3} is 3000). */
    public record Scalar(long milli) implements Value {
        @Override
        public String toString() {
            return Quantities.format(milli);
        }
    }

    /** An inclusive range of an attribute, {@code begin <= end}. */
    public record Interval(long begin, long end) {
        /** @throws IllegalArgumentException if {@code begin > end} or either is negative */
        public Interval {
            if (begin < 0 || begin > end) {
                throw new IllegalArgumentException("attribute range [" + begin + "-" + end + "] needs 0 <= begin <= end");
            }
        }

        @Override
        public String toString() {
            return begin + "-" + end;
        }
    }

    /** Inclusive ranges, sorted by begin. */
    public record Ranges(List<Interval> ranges) implements Value {
        /** Copies the list. */
        public Ranges {
            ranges = List.copyOf(ranges);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("[");
            for (Interval r : ranges) {
                out.append(out.length() > 1 ? "," : "").append(r);
            }
            return out.append(']').toString();
        }
    }

    /** Copies and sorts {@code values}; {@code null} means none. */
    public Attributes {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        if (values.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes: " + values.size() + " given, at most " + MAX_ATTRIBUTES);
        }
        values.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute '" + Texts.printable(name)
                        + "': name must match [A-Za-z][A-Za-z0-9_.-]{0,63}");
            }
            if (value == null) {
                throw new IllegalArgumentException("attribute '" + name + "': value must not be null");
            }
        });
    }

    /**
     * Parses {@code rack:r1;zone:z2;level:3;slots:[1-4]}.
     *
     * @throws InvalidResourcesException listing every problem, each naming the attribute
     */
    public static Attributes parse(String text) {
        if (text == null || text.length() > ResourceText.MAX_TEXT_LENGTH) {
            throw new InvalidResourcesException(List.of(new Violation("attributes", "text is null or too long")));
        }
        Map<String, String> raw = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        String trimmed = text.strip();
        if (!trimmed.isEmpty()) {
            String[] entries = trimmed.split(";", -1);
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].strip();
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    violations.add(new Violation("attribute " + (i + 1), "expected name:value, got '" + Texts.printable(entry) + "'"));
                    continue;
                }
                String name = entry.substring(0, colon).strip();
                if (raw.put(name, entry.substring(colon + 1).strip()) != null) {
                    violations.add(new Violation(Texts.printable(name), "given more than once"));
                }
            }
        }
        InvalidResourcesException.throwIfAny(violations);
        return fromText(raw);
    }

    /** Jackson entry point: name → text form, each value parsed and validated. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Attributes fromText(Map<String, String> raw) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Value> values = new TreeMap<>();
        if (raw != null && raw.size() > MAX_ATTRIBUTES) {
            violations.add(new Violation("attributes", raw.size() + " given, at most " + MAX_ATTRIBUTES));
        } else if (raw != null) {
            raw.forEach((name, text) -> {
                String field = Texts.printable(name);
                if (name == null || !NAME.matcher(name).matches()) {
                    violations.add(new Violation(field, "attribute name must match [A-Za-z][A-Za-z0-9_.-]{0,63}"));
                } else if (text == null || text.isEmpty()) {
                    violations.add(new Violation(field, "value must not be empty"));
                } else {
                    Value v = parseValue(field, text, violations);
                    if (v != null) {
                        values.put(name, v);
                    }
                }
            });
        }
        InvalidResourcesException.throwIfAny(violations);
        return new Attributes(values);
    }

    /** The value of {@code name}, if present. */
    public Optional<Value> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The text form of {@code name}'s value, if present ({@code "r1"}, {@code "3"}, {@code "[1-4]"}). */
    public Optional<String> text(String name) {
        return get(name).map(Value::toString);
    }

    /** Name → text form; the Jackson wire form. */
    @JsonValue
    public Map<String, String> asText() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((name, value) -> out.put(name, value.toString()));
        return out;
    }

    /** Mesos text form, {@code level:3;rack:r1;zone:z2} (sorted by name). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> out.append(out.isEmpty() ? "" : ";").append(name).append(':').append(value));
        return out.toString();
    }

    private static Value parseValue(String field, String text, List<Violation> violations) {
        if (text.startsWith("{")) {
            violations.add(new Violation(field, "set values are not supported"));
            return null;
        }
        if (text.startsWith("[")) {
            return parseRanges(field, text, violations);
        }
        if (NUMBER.matcher(text).matches()) {
            Long milli = Quantities.parseMilli(field, text, violations);
            return milli == null ? null : new Scalar(milli);
        }
        if (!TEXT.matcher(text).matches()) {
            violations.add(new Violation(field, "text must be 1..255 of [A-Za-z0-9._/-], got '" + Texts.printable(text) + "'"));
            return null;
        }
        return new Text(text);
    }

    private static Value parseRanges(String field, String text, List<Violation> violations) {
        if (!text.endsWith("]") || text.length() < 3) {
            violations.add(new Violation(field, "expected ranges like [1-10,20-30], got '" + Texts.printable(text) + "'"));
            return null;
        }
        List<Interval> ranges = new ArrayList<>();
        for (String token : text.substring(1, text.length() - 1).split(",", -1)) {
            var m = RANGE.matcher(token.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                violations.add(new Violation(field, "expected a range begin-end with begin <= end, got '"
                        + Texts.printable(token.strip()) + "'"));
                return null;
            }
            ranges.add(new Interval(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        }
        ranges.sort(java.util.Comparator.comparingLong(Interval::begin));
        return new Ranges(ranges);
    }
}
