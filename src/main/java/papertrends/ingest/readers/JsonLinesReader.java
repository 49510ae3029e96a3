package papertrends.ingest.readers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Base of the JSON-lines readers: streams a file line by line (one JSON object per line), so a
 * malformed line, a line of bad UTF-8 or a line that is not an object is one reject and the
 * next line is read as usual. Blank lines are skipped.
 */
public abstract class JsonLinesReader implements FormatReader {
  /** A longer line is rejected unread (its record cannot be a sane paper). */
  static final int MAX_LINE_BYTES = 16 << 20;

  /** The row of one parsed JSON object. */
  protected abstract Row record(String file, String position, long index, JsonNode node,
      String raw, ReadContext ctx);

  @Override
  public List<String> extensions() {
    return List.of(".json", ".jsonl", ".ndjson");
  }

  /** A JSON mapper that refuses trailing garbage after a line's object. */
  static ObjectMapper mapper() {
    return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException {
    return lines(file, in, ctx);
  }

  /** Rows of a JSON-lines stream. */
  protected Iterator<Row> lines(String file, InputStream in, ReadContext ctx) {
    ObjectMapper json = mapper();
    Lines lines = new Lines(in, MAX_LINE_BYTES);
    return new RowIterator() {
      @Override
      protected void advance() {
        byte[] bytes;
        try {
          bytes = lines.next();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (bytes == null) {
          done = true;
          return;
        }
        String position = "line " + lines.lineNo();
        if (lines.tooLong()) {
          index++;
          next = ctx.reject(file, position, "line longer than " + MAX_LINE_BYTES + " bytes",
              Text.decodeLenient(bytes, 0, Math.min(bytes.length, 4096)));
          return;
        }
        String line;
        try {
          line = Text.decodeStrict(bytes, 0, bytes.length);
        } catch (CharacterCodingException e) {
          index++;
          next = ctx.reject(file, position, "invalid UTF-8",
              Text.decodeLenient(bytes, 0, bytes.length));
          return;
        }
        if (line.isBlank()) {
          return;
        }
        index++;
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (IOException e) {
          next = ctx.reject(file, position, "malformed JSON: " + jsonMessage(e), line);
          return;
        }
        if (node == null || !node.isObject()) {
          next = ctx.reject(file, position, "not a JSON object", line);
          return;
        }
        next = record(file, position, index, node, line, ctx);
      }
    };
  }

  /** Jackson's message without its source excerpt. */
  static String jsonMessage(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int at = m.indexOf("\n at [Source");
    return (at > 0 ? m.substring(0, at) : m).replaceAll("\\s+", " ").trim();
  }

  /**
   * Why a field that must be text (an id, a title, an abstract) is not: a JSON object, or an
   * array (arraysOfText: an array holding an array or object), whose JSON would otherwise be
   * stored as the text; null when it is text, a scalar or absent.
   */
  static String notText(JsonNode v, String field, boolean arraysOfText) {
    if (v == null || !v.isContainerNode()) {
      return null;
    }
    if (v.isArray() && arraysOfText) {
      for (JsonNode e : v) {
        if (e.isContainerNode()) {
          return field + " is a JSON array holding " + (e.isArray() ? "an array" : "an object")
              + ", not text";
        }
      }
      return null;
    }
    return field + " is a JSON " + (v.isArray() ? "array" : "object") + ", not text";
  }

  /** A field's text, or null when absent, null or blank. */
  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    String s = v.isValueNode() ? v.asText() : v.toString();
    return s.isBlank() ? null : s;
  }
}
