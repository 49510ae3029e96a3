package papertrends.io;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;

/**
 * The latest_* views: each run-keyed table restricted to the latest run. Which run is the
 * latest is not decided here: runs/ gives the SQL of its id (RunHistory.latestRunSql).
 */
public final class LatestViews {
  private LatestViews() {}

  /** Run-keyed tables that get a latest_ view. */
  public static final List<String> RUN_TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.DOC_KEYWORDS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS,
      Tables.TRENDING_CHANGES);

  /**
   * SELECT of a latest view over table (named from, which may be qualified) for the run of
   * latestRun; topics and topic_trends take curated labels from labels when it is not null.
   */
  public static String select(String table, String from, String labels, String latestRun) {
    if (labels != null && (table.equals(Tables.TOPICS) || table.equals(Tables.TOPIC_TRENDS))) {
      return TopicLabels.curatedSelectSql(table, from, labels, "t.run_id = " + latestRun);
    }
    return "SELECT * FROM " + from + " WHERE run_id = " + latestRun;
  }

  /**
   * Registers latest_X for every registered run-keyed table, and latest_run; returns the view
   * names.
   *
   * @param latestRunSql the SQL of the latest run's id, given the name of model_runs
   */
  public static List<String> register(SparkSession spark, List<String> registered,
      UnaryOperator<String> latestRunSql) {
    List<String> out = new ArrayList<>();
    if (!registered.contains(Tables.MODEL_RUNS)) {
      return out;
    }
    String latest = latestRunSql.apply(Tables.MODEL_RUNS);
    for (String t : RUN_TABLES) {
      if (registered.contains(t)) {
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW latest_" + t + " AS "
            + select(t, t, registered.contains(Tables.TOPIC_LABELS) ? Tables.TOPIC_LABELS : null,
                latest));
        out.add("latest_" + t);
      }
    }
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW latest_run AS SELECT * FROM model_runs"
        + " WHERE run_id = " + latest);
    out.add("latest_run");
    return out;
  }
}
