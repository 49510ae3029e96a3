package papertrends.runs;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * For an exact replay: gives the replay's topics the stable ids (and is_new flags) its original
 * had. The topics stage matches stable ids against the newest succeeded run, which by the time of
 * a replay may be a later run; the replay's topics equal the original's topic for topic, so the
 * original's identities are the right ones.
 */
final class StableIdCopy {
  private static final Logger LOG = LoggerFactory.getLogger(StableIdCopy.class);

  private StableIdCopy() {}

  /** Copies the original's stable ids onto the replay when their topics are the same. */
  static void apply(Warehouse w, String runId, String originalRunId) {
    Dataset<Row> orig = w.read(Tables.TOPICS).where(col("run_id").equalTo(originalRunId))
        .select(col("topic_id"), col("stable_topic_id").as("orig_stable"),
            col("is_new").as("orig_is_new"), col("top_terms").as("orig_terms"));
    Dataset<Row> mine = w.read(Tables.TOPICS).where(col("run_id").equalTo(runId));
    long same = mine.join(orig, "topic_id").where(col("top_terms").equalTo(col("orig_terms")))
        .count();
    long n = mine.count();
    if (n == 0 || same != n || orig.count() != n) {
      LOG.warn("replay {}: topics differ from those of run {} ({} of {} equal); stable ids kept",
          runId, originalRunId, same, n);
      return;
    }
    Dataset<Row> map = orig.select("topic_id", "orig_stable", "orig_is_new").localCheckpoint();
    for (String t : List.of(Tables.TOPICS, Tables.TOPIC_TERMS, Tables.DOC_TOPICS)) {
      Dataset<Row> rows = w.read(t).where(col("run_id").equalTo(runId)).join(map, "topic_id")
          .withColumn("stable_topic_id", col("orig_stable"));
      if (t.equals(Tables.TOPICS)) {
        rows = rows.withColumn("is_new", col("orig_is_new"));
      }
      w.replaceRun(t, runId, rows.drop("orig_stable", "orig_is_new").localCheckpoint());
    }
  }
}
