package papertrends.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every warehouse table by name: as temporary views of the session over the Delta
 * folders (no metastore needed), or persistently in the session's catalog (a Hive metastore,
 * Unity Catalog) so other sessions, BI tools and SQL engines find them; with the latest_* views.
 */
public final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  private Catalog() {}

  /**
   * Registers what exists as temporary views, with the latest_* views over the run whose id
   * latestRunSql selects (given the name of model_runs); returns the names registered.
   */
  public static List<String> registerAll(Warehouse w, UnaryOperator<String> latestRunSql) {
    SparkSession spark = w.spark();
    List<String> names = new ArrayList<>();
    for (String t : w.tableNames()) {
      spark.read().format("delta").load(w.tablePath(t)).createOrReplaceTempView(t);
      names.add(t);
    }
    names.addAll(LatestViews.register(spark, names, latestRunSql));
    return names;
  }

  /**
   * Registers every table (CREATE TABLE IF NOT EXISTS … USING delta LOCATION …) and the latest_*
   * views in a database of the session's catalog (created if missing; "catalog.schema" names a
   * Unity Catalog schema); returns the qualified names.
   */
  public static List<String> registerPersistent(Warehouse w, String database,
      UnaryOperator<String> latestRunSql) {
    SparkSession spark = w.spark();
    if ("in-memory".equals(spark.conf().get("spark.sql.catalogImplementation", "in-memory"))
        && !database.contains(".")) {
      LOG.warn("papertrends.catalog.database {}: the session's catalog is in-memory, so the"
          + " tables stay registered only while it lives (spark.sql.catalogImplementation=hive"
          + " keeps them in a Hive metastore)", database);
    }
    String db = quoted(database);
    spark.sql("CREATE DATABASE IF NOT EXISTS " + db);
    List<String> tables = w.tableNames();
    List<String> names = new ArrayList<>();
    for (String t : tables) {
      spark.sql("CREATE TABLE IF NOT EXISTS " + db + "." + quoted(t) + " USING delta LOCATION '"
          + w.tablePath(t).replace("\\", "\\\\").replace("'", "\\'") + "'");
      names.add(database + "." + t);
    }
    if (tables.contains(Tables.MODEL_RUNS)) {
      String latest = latestRunSql.apply(db + "." + quoted(Tables.MODEL_RUNS));
      for (String t : LatestViews.RUN_TABLES) {
        if (tables.contains(t)) {
          spark.sql("CREATE OR REPLACE VIEW " + db + "." + quoted("latest_" + t) + " AS "
              + LatestViews.select(t, db + "." + quoted(t), tables.contains(Tables.TOPIC_LABELS)
                  ? db + "." + quoted(Tables.TOPIC_LABELS) : null, latest));
          names.add(database + ".latest_" + t);
        }
      }
      spark.sql("CREATE OR REPLACE VIEW " + db + ".latest_run AS SELECT * FROM " + db + "."
          + quoted(Tables.MODEL_RUNS) + " WHERE run_id = " + latest);
      names.add(database + ".latest_run");
    }
    return names;
  }

  /** `a`.`b` from a.b. */
  static String quoted(String name) {
    return Arrays.stream(name.split("\\.")).map(p -> "`" + p.replace("`", "``") + "`")
        .collect(Collectors.joining("."));
  }
}
