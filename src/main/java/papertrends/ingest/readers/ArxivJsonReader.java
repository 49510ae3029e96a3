package papertrends.ingest.readers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * arXiv's bulk metadata snapshot (arxiv-metadata-oai-snapshot.json): one JSON object per line.
 * The versions of a paper collapse into one row: published_date is v1's {@code created} (RFC
 * 1123), updated_date the snapshot's {@code update_date}; categories are space-separated; authors
 * come from {@code authors_parsed} ([last, first, suffix]), else from the authors string.
 */
public final class ArxivJsonReader extends JsonLinesReader {
  @Override
  public String name() {
    return "arxiv-json";
  }

  @Override
  protected Row record(String file, String position, long index, JsonNode n, String raw,
      ReadContext ctx) {
    String rawId = text(n, "id");
    String id = Text.normaliseArxivId(rawId);
    RecordBuilder b = ctx.record(file, position + (rawId == null ? "" : " (" + rawId + ")"))
        .index(index).raw(raw);
    if (id == null) {
      b.fail(rawId == null ? "no arXiv id" : "bad arXiv id '" + rawId + "'");
    }
    for (String field : List.of("title", "abstract")) {
      String why = notText(n.get(field), field, false);
      if (why != null) {
        b.fail(why);
      }
    }
    String cats = text(n, "categories");
    b.id(id == null ? null : "arxiv:" + id)
        .source("arxiv", id)
        .title(text(n, "title"))
        .abstractText(text(n, "abstract"))
        .authors(authors(n))
        .categories(cats == null ? null : Arrays.asList(cats.trim().split("\\s+")))
        .doi(text(n, "doi"))
        .published(firstVersionDate(n))
        .updated(text(n, "update_date"));
    return b.build();
  }

  /** The created date of v1 (or of the first version listed). */
  static String firstVersionDate(JsonNode n) {
    JsonNode versions = n.get("versions");
    if (versions == null || !versions.isArray() || versions.isEmpty()) {
      return null;
    }
    for (JsonNode v : versions) {
      if ("v1".equals(text(v, "version"))) {
        return text(v, "created");
      }
    }
    return text(versions.get(0), "created");
  }

  static List<String> authors(JsonNode n) {
    JsonNode parsed = n.get("authors_parsed");
    List<String> out = new ArrayList<>();
    if (parsed != null && parsed.isArray() && !parsed.isEmpty()) {
      for (JsonNode a : parsed) {
        if (!a.isArray() || a.isEmpty()) {
          continue;
        }
        String last = a.get(0).asText("").trim();
        String first = a.size() > 1 ? a.get(1).asText("").trim() : "";
        String suffix = a.size() > 2 ? a.get(2).asText("").trim() : "";
        String name = (first + " " + last + " " + suffix).trim();
        if (!name.isEmpty()) {
          out.add(name);
        }
      }
      return out;
    }
    String s = text(n, "authors");
    if (s == null) {
      return null;
    }
    for (String a : s.split(",\\s*|\\s+and\\s+")) {
      out.add(a);
    }
    return out;
  }
}
