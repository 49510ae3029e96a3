package papertrends.io;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** The latest_* views: each run-keyed table restricted to the newest succeeded run. */
public final class LatestViews {
  private LatestViews() {}

  /** Run-keyed tables that get a latest_ view. */
  public static final List<String> RUN_TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.DOC_KEYWORDS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS);

  /**
   * SQL of the newest succeeded run id on the current corpus (null when there is none); history
   * runs (reruns, as-of runs, backfill steps: model_runs.as_of set) are never the latest.
   */
  public static final String LATEST_RUN_SQL = latestRunSql("model_runs");

  /** {@link #LATEST_RUN_SQL} over a model_runs table of another name (db.model_runs). */
  public static String latestRunSql(String modelRuns) {
    return "(SELECT run_id FROM " + modelRuns + " WHERE status = 'succeeded' AND as_of IS NULL"
        + " ORDER BY finished_at DESC, run_id DESC LIMIT 1)";
  }

  /** Registers latest_X for every registered run-keyed table; returns the view names. */
  public static List<String> register(SparkSession spark, List<String> registered) {
    List<String> out = new ArrayList<>();
    if (!registered.contains(Tables.MODEL_RUNS)) {
      return out;
    }
    for (String t : RUN_TABLES) {
      if (registered.contains(t)) {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW latest_" + t + " AS SELECT * FROM " + t
            + " WHERE run_id = " + LATEST_RUN_SQL);
        out.add("latest_" + t);
      }
    }
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW latest_run AS SELECT * FROM model_runs"
        + " WHERE run_id = " + LATEST_RUN_SQL);
    out.add("latest_run");
    return out;
  }
}
