package papertrends.ingest.readers;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** The rows readers emit: a paper (kind = paper) or a reject (kind = reject). */
public final class Parsed {
  private Parsed() {}

  public static final String PAPER = "paper";
  public static final String REJECT = "reject";
  /** A record the source withdrew (an OAI-PMH deleted record): counted, neither kept nor bad. */
  public static final String SKIPPED = "skipped";

  public static final StructType SCHEMA = StructType.fromDDL(
      "kind STRING, file STRING, position STRING, reason STRING, snippet STRING,"
          + " paper_id STRING, source STRING, source_id STRING, title STRING, abstract STRING,"
          + " authors ARRAY<STRING>, categories ARRAY<STRING>, doi STRING, published_date DATE,"
          + " updated_date DATE, language STRING, rank INT, snapshot_date DATE,"
          + " record_index BIGINT");

  static Row reject(String file, String position, String reason, String snippet) {
    return other(REJECT, file, position, reason, snippet);
  }

  static Row skipped(String file, String position, String reason, String snippet) {
    return other(SKIPPED, file, position, reason, snippet);
  }

  private static Row other(String kind, String file, String position, String reason,
      String snippet) {
    return RowFactory.create(kind, file, position, reason, snippet, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null);
  }

  static Row paper(String file, String position, String paperId, String source,
      String sourceId, String title, String abstractText, List<String> authors,
      List<String> categories, String doi, LocalDate published, LocalDate updated,
      String language, Integer rank, LocalDate snapshot, long recordIndex) {
    return RowFactory.create(PAPER, file, position, null, null, paperId, source, sourceId, title,
        abstractText, authors == null ? null : scala(authors),
        categories == null ? null : scala(categories), doi, date(published), date(updated),
        language, rank, date(snapshot), recordIndex);
  }

  private static Object scala(List<String> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(l).toSeq();
  }

  private static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }
}
