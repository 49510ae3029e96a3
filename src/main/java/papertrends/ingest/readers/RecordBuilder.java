package papertrends.ingest.readers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Collects one record's fields as a reader finds them and checks them on build(): a record
 * without a title or abstract, with a too-long text or a bad date becomes a reject row.
 */
public final class RecordBuilder {
  private final ReadContext ctx;
  private final String file;
  private final String position;
  private String paperId;
  private String source;
  private String sourceId;
  private String title;
  private String abstractText;
  private List<String> authors;
  private List<String> categories;
  private String doi;
  private LocalDate published;
  private LocalDate updated;
  private String language;
  private Integer rank;
  private LocalDate snapshot;
  private long index;
  private String problem;
  private String raw;

  RecordBuilder(ReadContext ctx, String file, String position) {
    this.ctx = ctx;
    this.file = file;
    this.position = position;
    this.snapshot = ctx.snapshotDate();
  }

  public RecordBuilder id(String paperId) {
    this.paperId = paperId;
    return this;
  }

  public RecordBuilder source(String source, String sourceId) {
    this.source = source;
    this.sourceId = sourceId;
    return this;
  }

  public RecordBuilder title(String title) {
    this.title = Text.clean(title);
    return this;
  }

  public RecordBuilder abstractText(String abstractText) {
    this.abstractText = abstractText == null || abstractText.isBlank() ? null
        : abstractText.strip();
    return this;
  }

  public RecordBuilder authors(List<String> authors) {
    this.authors = cleanList(authors);
    return this;
  }

  public RecordBuilder categories(List<String> categories) {
    this.categories = cleanList(categories);
    return this;
  }

  public RecordBuilder doi(String doi) {
    this.doi = Text.normaliseDoi(doi);
    return this;
  }

  public RecordBuilder published(LocalDate d) {
    this.published = d;
    return this;
  }

  public RecordBuilder updated(LocalDate d) {
    this.updated = d;
    return this;
  }

  /** Parses a published date; a bad one makes the record a reject. */
  public RecordBuilder published(String raw) {
    try {
      this.published = Dates.parse(raw);
    } catch (Dates.BadDate e) {
      fail(e.getMessage());
    }
    return this;
  }

  /** Parses an updated date; a bad one makes the record a reject. */
  public RecordBuilder updated(String raw) {
    try {
      this.updated = Dates.parse(raw);
    } catch (Dates.BadDate e) {
      fail(e.getMessage());
    }
    return this;
  }

  public RecordBuilder language(String language) {
    this.language = language == null || language.isBlank() ? null : language.trim();
    return this;
  }

  public RecordBuilder rank(Integer rank) {
    this.rank = rank;
    return this;
  }

  public RecordBuilder snapshot(LocalDate snapshot) {
    this.snapshot = snapshot;
    return this;
  }

  public RecordBuilder index(long index) {
    this.index = index;
    return this;
  }

  /** The raw text of the record, for the snippet if it is rejected. */
  public RecordBuilder raw(String raw) {
    this.raw = raw;
    return this;
  }

  /** Marks the record as unusable (the first reason wins). */
  public RecordBuilder fail(String reason) {
    if (problem == null) {
      problem = reason;
    }
    return this;
  }

  /** A paper row, or a reject row naming the first problem. */
  public Row build() {
    String reason = problem;
    if (reason == null && title == null) {
      reason = "no title";
    }
    if (reason == null && abstractText == null) {
      reason = "no abstract";
    }
    if (reason == null && title.length() > ctx.maxTitleChars()) {
      reason = "title longer than " + ctx.maxTitleChars() + " characters (" + title.length()
          + ")";
    }
    if (reason == null && abstractText.length() > ctx.maxAbstractChars()) {
      reason = "abstract longer than " + ctx.maxAbstractChars() + " characters ("
          + abstractText.length() + ")";
    }
    if (reason == null && published != null && updated != null && updated.isBefore(published)) {
      updated = published;
    }
    if (reason != null) {
      String snip = raw != null ? raw
          : (title == null ? "" : title) + (abstractText == null ? "" : " " + abstractText);
      return ctx.reject(file, position, reason, snip);
    }
    String id = paperId != null ? paperId : Text.titleId(title);
    return Parsed.paper(file, position, id, source, sourceId, title, abstractText, authors,
        categories, doi, published, updated, language, rank, snapshot, index);
  }

  private static List<String> cleanList(List<String> in) {
    if (in == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : in) {
      String c = Text.clean(s);
      if (c != null && !out.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
