package papertrends.ingest.readers;

import java.io.Serializable;
import java.time.LocalDate;

/** What a reader needs besides the bytes: limits, the snapshot date and the column mapping. */
public record ReadContext(
    String format,
    Mapping mapping,
    LocalDate snapshotDate,
    int snippetChars,
    int maxAbstractChars,
    int maxTitleChars) implements Serializable {

  /** A builder for one record at a position of a file. */
  public RecordBuilder record(String file, String position) {
    return new RecordBuilder(this, file, position);
  }

  /** A reject row for a position of a file. */
  public org.apache.spark.sql.Row reject(String file, String position, String reason,
      String snippet) {
    return Parsed.reject(file, position, reason, Text.snippet(snippet, snippetChars));
  }

  /** A skipped-record row (withdrawn by its source: counted, not a reject). */
  public org.apache.spark.sql.Row skip(String file, String position, String reason,
      String snippet) {
    return Parsed.skipped(file, position, reason, Text.snippet(snippet, snippetChars));
  }
}
