package papertrends.ingest;

import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.io.DeltaCommits;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/** The MERGE statements of ingest: papers on paper_id, sightings on (paper, date, source). */
final class PaperMerge {
  private PaperMerge() {}

  private static final String NEWER =
      "coalesce(s.updated_date, s.published_date, date'1600-01-01')"
          + " >= coalesce(t.updated_date, t.published_date, date'1600-01-01')";

  /**
   * Merges a batch into papers: a new paper is inserted; a changed version from the same source
   * that is at least as new replaces the row (keeping first_seen_date); otherwise only the seen
   * dates move. Returns {inserted, updated, source rows}.
   */
  static long[] merge(Warehouse w, Dataset<Row> papers, int retries) {
    DeltaTable target = w.delta(Tables.PAPERS);
    Map<String, String> all = new HashMap<>();
    for (String c : Tables.PAPERS_SCHEMA.fieldNames()) {
      all.put(c, "s." + c);
    }
    all.put("first_seen_date", "least(t.first_seen_date, s.first_seen_date)");
    all.put("last_seen_date", "greatest(t.last_seen_date, s.last_seen_date)");
    Map<String, String> seen = Map.of(
        "first_seen_date", "least(t.first_seen_date, s.first_seen_date)",
        "last_seen_date", "greatest(t.last_seen_date, s.last_seen_date)");
    Map<String, String> insert = new HashMap<>();
    for (String c : Tables.PAPERS_SCHEMA.fieldNames()) {
      insert.put(c, "s." + c);
    }
    DeltaCommits.withRetries("merge papers", retries, () -> {
      target.as("t").merge(papers.as("s"), "t.paper_id = s.paper_id")
          .whenMatched("s.content_hash <> t.content_hash"
              + " AND (s.source = t.source OR t.source IS NULL) AND " + NEWER)
          .updateExpr(all)
          .whenMatched("s.last_seen_date > t.last_seen_date"
              + " OR s.first_seen_date < t.first_seen_date")
          .updateExpr(seen)
          .whenNotMatched()
          .insertExpr(insert)
          .execute();
      return null;
    });
    Row m = target.history(1).select("operationMetrics").first();
    scala.collection.Map<String, String> metrics = m.getMap(0);
    long inserted = Long.parseLong(metrics.getOrElse("numTargetRowsInserted", () -> "0"));
    long updatedRows = Long.parseLong(metrics.getOrElse("numTargetRowsUpdated", () -> "0"));
    long source = Long.parseLong(metrics.getOrElse("numSourceRows", () -> "0"));
    return new long[] {inserted, updatedRows, source};
  }

  /** Inserts sightings not yet recorded. */
  static void mergeSightings(Warehouse w, Dataset<Row> sightings, int retries) {
    DeltaTable target = w.delta(Tables.PAPER_SIGHTINGS);
    Map<String, String> insert = new HashMap<>();
    for (String c : Tables.PAPER_SIGHTINGS_SCHEMA.fieldNames()) {
      insert.put(c, "s." + c);
    }
    DeltaCommits.withRetries("merge paper_sightings", retries, () -> {
      target.as("t").merge(sightings.as("s"), "t.paper_id = s.paper_id"
              + " AND t.snapshot_date = s.snapshot_date AND t.source = s.source")
          .whenNotMatched().insertExpr(insert)
          .execute();
      return null;
    });
  }
}
