package papertrends.ingest.readers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * OpenAlex works: an API page ({@code {"meta": …, "results": [work, …]}}, streamed work by
 * work) or JSON lines (one work per line, as the snapshot holds them). The abstract is rebuilt
 * from {@code abstract_inverted_index} (word → positions); paper_id is {@code openalex:W…} and
 * the DOI goes, normalised, into doi; authorships give authors, topics (else concepts)
 * categories.
 */
public final class OpenAlexReader extends JsonLinesReader {
  /** The start of an API page: an object whose first field is meta, results or group_by. */
  public static final Pattern PAGE =
      Pattern.compile("^\\s*\\{\\s*\"(meta|results|group_by)\"\\s*:");
  private static final int PEEK = 1 << 16;

  @Override
  public String name() {
    return "openalex";
  }

  @Override
  public Iterator<Row> read(String file, InputStream raw, ReadContext ctx) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, PEEK);
    in.mark(PEEK);
    byte[] head = in.readNBytes(1024);
    in.reset();
    String start = new String(head, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
    if (PAGE.matcher(start).find()) {
      return page(file, in, ctx);
    }
    return lines(file, in, ctx);
  }

  /** The works of an API page, read one at a time from the results array. */
  private Iterator<Row> page(String file, InputStream in, ReadContext ctx) throws IOException {
    // Works are read one by one from the open parser: no trailing-token check here.
    ObjectMapper json = new ObjectMapper();
    JsonParser p = json.getFactory().createParser(in);
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("an OpenAlex page is a JSON object");
    }
    return new RowIterator() {
      private boolean inResults;

      @Override
      protected RuntimeException failure(IOException e) {
        return new UncheckedIOException(jsonMessage(e), e);
      }

      @Override
      protected void advance() throws IOException {
        while (!inResults) {
          JsonToken t = p.nextToken();
          if (t == null || t == JsonToken.END_OBJECT) {
            done = true;
            return;
          }
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if ("results".equals(field) && value == JsonToken.START_ARRAY) {
            inResults = true;
          } else {
            p.skipChildren();
          }
        }
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new IOException("unexpected end of file inside results");
        }
        if (t == JsonToken.END_ARRAY) {
          done = true;
          return;
        }
        index++;
        JsonNode work = json.readTree(p);
        String position = "result " + index;
        if (work == null || !work.isObject()) {
          next = ctx.reject(file, position, "not a JSON object",
              work == null ? null : work.toString());
          return;
        }
        next = record(file, position, index, work, null, ctx);
      }
    };
  }

  @Override
  protected Row record(String file, String position, long index, JsonNode w, String raw,
      ReadContext ctx) {
    String rawId = text(w, "id");
    String wid = rawId == null ? null : rawId.replaceFirst("^https?://openalex\\.org/", "");
    String title = text(w, "title");
    if (title == null) {
      title = text(w, "display_name");
    }
    RecordBuilder b = ctx.record(file, position + (wid == null ? "" : " (" + wid + ")"))
        .index(index).raw(raw != null ? raw : (wid == null ? "" : wid + " ") + title);
    if (wid == null || !wid.matches("W\\d+")) {
      b.fail(rawId == null ? "no OpenAlex id" : "bad OpenAlex id '" + rawId + "'");
    }
    b.id(wid == null ? null : "openalex:" + wid)
        .source("openalex", wid)
        .title(title)
        .abstractText(abstractText(w.get("abstract_inverted_index")))
        .authors(authors(w))
        .categories(categories(w))
        .doi(text(w, "doi"))
        .language(Languages.iso2(text(w, "language")))
        .published(text(w, "publication_date") != null ? text(w, "publication_date")
            : text(w, "publication_year"))
        .updated(text(w, "updated_date"));
    return b.build();
  }

  /** The text of an inverted index: words put back at their positions, joined by spaces. */
  public static String abstractText(JsonNode index) {
    if (index == null || !index.isObject() || index.isEmpty()) {
      return null;
    }
    TreeMap<Integer, String> at = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = index.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode pos : e.getValue()) {
        at.put(pos.asInt(), e.getKey());
      }
    }
    return String.join(" ", at.values());
  }

  static List<String> authors(JsonNode w) {
    JsonNode list = w.get("authorships");
    if (list == null || !list.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode a : list) {
      JsonNode author = a.get("author");
      String name = author == null ? null : text(author, "display_name");
      if (name == null) {
        name = text(a, "raw_author_name");
      }
      if (name != null) {
        out.add(name);
      }
    }
    return out;
  }

  static List<String> categories(JsonNode w) {
    for (String field : List.of("topics", "concepts")) {
      JsonNode list = w.get(field);
      if (list != null && list.isArray() && !list.isEmpty()) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : list) {
          String name = text(c, "display_name");
          if (name != null) {
            out.add(name);
          }
        }
        return out;
      }
    }
    return null;
  }
}
