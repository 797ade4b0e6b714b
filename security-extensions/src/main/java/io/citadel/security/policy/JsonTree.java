package io.citadel.security.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON document read strictly into a tree that remembers where each value was, so that errors
 * found after parsing still name the line, column and field. Duplicate keys, comments, missing
 * commas (two objects written {@code } {} on one line never merge: field case B31) and trailing
 * content are refused by the parser. Immutable; used only while loading.
 */
final class JsonTree {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** A located JSON value. */
    sealed interface Node permits Obj, Arr, Scalar {
        int line();

        int column();

        String path();
    }

    record Obj(Map<String, Node> fields, int line, int column, String path) implements Node {
    }

    record Arr(List<Node> items, int line, int column, String path) implements Node {
    }

    record Scalar(JsonToken token, String text, int line, int column, String path) implements Node {
    }

    private final Path file;

    private JsonTree(Path file) {
        this.file = file;
    }

    /** Parses {@code file}; the root must be an object. */
    static Obj parse(Path file) {
        JsonTree tree = new JsonTree(file);
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw tree.error(p.currentTokenLocation(), "", "the document must be a JSON object", null);
            }
            Obj root = (Obj) tree.read(p, "");
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw tree.error(p.currentTokenLocation(), "",
                        "unexpected content after the top-level object (missing comma or bracket?)", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new PolicyFileException(file, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "", e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyFileException(file, 0, 0, "", "cannot read: " + e, e);
        }
    }

    private Node read(JsonParser p, String path) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            Map<String, Node> fields = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                fields.put(name, read(p, path.isEmpty() ? name : path + "." + name));
            }
            return new Obj(fields, line, col, path);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, path + "[" + items.size() + "]"));
            }
            return new Arr(items, line, col, path);
        }
        return new Scalar(t, p.getText(), line, col, path);
    }

    private PolicyFileException error(JsonLocation loc, String field, String problem, Throwable cause) {
        return new PolicyFileException(file, loc.getLineNr(), loc.getColumnNr(), field, problem, cause);
    }

    /** An error located at {@code node}. */
    static PolicyFileException error(Path file, Node node, String problem) {
        return new PolicyFileException(file, node.line(), node.column(), node.path(), problem, null);
    }

    /** Refuses fields of {@code obj} not in {@code allowed}. */
    static void onlyFields(Path file, Obj obj, Collection<String> allowed) {
        for (Map.Entry<String, Node> e : obj.fields().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(file, e.getValue(), "unknown field '" + e.getKey() + "' (allowed: " + allowed + ")");
            }
        }
    }

    static Obj object(Path file, Node node) {
        if (node instanceof Obj o) {
            return o;
        }
        throw error(file, node, "expected an object");
    }

    static Obj requiredObject(Path file, Obj obj, String name) {
        return object(file, required(file, obj, name));
    }

    static Node required(Path file, Obj obj, String name) {
        Node n = obj.fields().get(name);
        if (n == null) {
            throw new PolicyFileException(file, obj.line(), obj.column(),
                    obj.path().isEmpty() ? name : obj.path() + "." + name, "required field is missing", null);
        }
        return n;
    }

    static String string(Path file, Node node) {
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_STRING) {
            return s.text();
        }
        throw error(file, node, "expected a string");
    }

    static String optString(Path file, Obj obj, String name, String dflt) {
        Node n = obj.fields().get(name);
        return n == null ? dflt : string(file, n);
    }

    static boolean optBool(Path file, Obj obj, String name, boolean dflt) {
        Node n = obj.fields().get(name);
        if (n == null) {
            return dflt;
        }
        if (n instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        throw error(file, n, "expected true or false");
    }

    static List<Node> optArray(Path file, Obj obj, String name) {
        Node n = obj.fields().get(name);
        if (n == null) {
            return List.of();
        }
        if (n instanceof Arr a) {
            return a.items();
        }
        throw error(file, n, "expected an array");
    }

    static List<String> optStrings(Path file, Obj obj, String name) {
        List<String> out = new ArrayList<>();
        for (Node n : optArray(file, obj, name)) {
            String s = string(file, n);
            if (s.isEmpty()) {
                throw error(file, n, "empty string");
            }
            out.add(s);
        }
        return out;
    }

    static Set<String> optStringSet(Path file, Obj obj, String name) {
        return Set.copyOf(optStrings(file, obj, name));
    }
}
