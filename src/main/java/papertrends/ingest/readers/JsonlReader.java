package papertrends.ingest.readers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Any JSON-lines export with a column mapping (--mapping NAME). A mapped column is a field name
 * or a dotted path into nested objects ({@code meta.title}); an array value is joined with the
 * separator the mapping gives for its target, so lists map as they would from CSV.
 */
public final class JsonlReader extends JsonLinesReader {
  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public boolean needsMapping() {
    return true;
  }

  @Override
  protected Row record(String file, String position, long index, JsonNode n, String raw,
      ReadContext ctx) {
    Mapping m = ctx.mapping();
    for (String target : List.of("id", "title", "abstract")) {
      String col = m.columns().get(target);
      String why = col == null ? null : notText(node(n, col), target, true);
      if (why != null) {
        return ctx.reject(file, position, why, raw);
      }
    }
    return MappedRecords.build(ctx, file, position, index, col -> value(n, col,
        separatorOf(m, col)), raw);
  }

  /** The node at a field or dotted path, or null. */
  static JsonNode node(JsonNode n, String path) {
    JsonNode v = n.get(path);
    if (v == null && path.contains(".")) {
      v = n.at("/" + path.replace(".", "/"));
    }
    return v;
  }

  /** The separator of the target a source column feeds, "|" when it has none. */
  static String separatorOf(Mapping m, String column) {
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      if (e.getValue().equals(column) && m.separators().containsKey(e.getKey())) {
        return m.separators().get(e.getKey());
      }
    }
    return "|";
  }

  /** The value at a field or dotted path as text; arrays joined with sep; null if absent. */
  static String value(JsonNode n, String path, String sep) {
    JsonNode v = node(n, path);
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isNull()) {
          parts.add(e.isValueNode() ? e.asText() : e.toString());
        }
      }
      return parts.isEmpty() ? null : String.join(sep, parts);
    }
    return v.isValueNode() ? v.asText() : v.toString();
  }
}
