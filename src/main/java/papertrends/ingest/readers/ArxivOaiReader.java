package papertrends.ingest.readers;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.apache.spark.sql.Row;
import papertrends.ingest.readers.XmlRecords.Node;

/**
 * arXiv OAI-PMH {@code ListRecords} pages with {@code oai_dc} metadata, one page per file (a
 * harvest joined by resumption tokens is a folder of pages). paper_id from the header identifier
 * ({@code oai:arXiv.org:ID}) or the {@code http://arxiv.org/abs/ID} dc:identifier; the earliest
 * dc:date is the published date, the latest the updated date; the first dc:description that is
 * not a "Comment:" is the abstract. Deleted records (header status="deleted") are counted as
 * skipped, not rejected.
 */
public final class ArxivOaiReader implements FormatReader {
  @Override
  public String name() {
    return "arxiv-oai";
  }

  @Override
  public List<String> extensions() {
    return List.of(".xml");
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException {
    return XmlRecords.rows(file, in, Set.of("record"), ctx, ArxivOaiReader::record);
  }

  static Row record(String file, Node rec, long index, ReadContext ctx) {
    Node header = rec.at("header");
    String oaiId = header == null ? null : Text.clean(header.textAt("identifier"));
    String position = "record " + index + (oaiId == null ? "" : " (" + oaiId + ")");
    if (header != null && "deleted".equals(header.attr("status"))) {
      return ctx.skip(file, position, "deleted record", oaiId);
    }
    RecordBuilder b = ctx.record(file, position).index(index);
    Node dc = rec.at("metadata/dc");
    if (dc == null) {
      return b.fail("no oai_dc metadata").raw(oaiId).build();
    }
    String arxivId = Text.normaliseArxivId(oaiId);
    String doi = null;
    for (Node id : dc.all("identifier")) {
      String v = Text.clean(id.text());
      if (v == null) {
        continue;
      }
      if (arxivId == null && v.matches("(?i)https?://(www\\.)?arxiv\\.org/abs/.*")) {
        arxivId = Text.normaliseArxivId(v);
      }
      if (doi == null && Text.normaliseDoi(v) != null) {
        doi = v;
      }
    }
    if (arxivId == null) {
      b.fail("no arXiv identifier");
    }
    String abs = null;
    for (Node d : dc.all("description")) {
      String v = d.text().strip();
      if (!v.isEmpty() && !v.startsWith("Comment:")) {
        abs = v;
        break;
      }
    }
    List<String> authors = new ArrayList<>();
    for (Node c : dc.all("creator")) {
      String name = Text.clean(c.text());
      if (name != null) {
        authors.add(invert(name));
      }
    }
    List<String> subjects = new ArrayList<>();
    dc.all("subject").forEach(s -> subjects.add(s.text()));
    String title = dc.textAt("title");
    b.id(arxivId == null ? null : "arxiv:" + arxivId)
        .source("arxiv", arxivId)
        .title(title)
        .abstractText(abs)
        .authors(authors)
        .categories(subjects)
        .doi(doi)
        .language(Languages.iso2(dc.textAt("language")))
        .raw(Text.clean(title));
    LocalDate first = null;
    LocalDate last = null;
    for (Node d : dc.all("date")) {
      try {
        LocalDate v = Dates.parse(d.text());
        if (v != null) {
          first = first == null || v.isBefore(first) ? v : first;
          last = last == null || v.isAfter(last) ? v : last;
        }
      } catch (Dates.BadDate e) {
        b.fail(e.getMessage());
      }
    }
    return b.published(first).updated(last).build();
  }

  /** "Polozkov, R. G." → "R. G. Polozkov"; a name without a comma stays as it is. */
  static String invert(String name) {
    int comma = name.indexOf(',');
    if (comma < 0) {
      return name;
    }
    String last = name.substring(0, comma).trim();
    String first = name.substring(comma + 1).trim();
    return first.isEmpty() ? last : first + " " + last;
  }
}
