package papertrends.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.io.Catalog;
import papertrends.io.Tables;
import papertrends.io.TopicLabels;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * The publish stage's parts: the exports of a run's gold tables as Parquet and CSV, the report,
 * and the tables and latest_* views registered by name. runs/ calls them in order around the
 * run's succeeded mark (exports, succeeded, report, registration), so a report says succeeded.
 */
public final class PublishJob {
  private static final Logger LOG = LoggerFactory.getLogger(PublishJob.class);
  public static final String STAGE = "publish";

  /** Gold tables exported under exports/TABLE/. */
  public static final List<String> EXPORTED = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.DOC_KEYWORDS);

  /** What a publish wrote: exported rows per table, and whether it wrote the report. */
  public record Result(String runId, Map<String, Long> exported, String exportsDir,
      boolean report) {
    public String counts() {
      return exported.isEmpty() ? "no exports" : exported.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
          + " rows exported" + (report ? ", report written" : "");
    }
  }

  private final SparkSession spark;
  private final Settings settings;
  private final String runId;
  private final Warehouse warehouse;

  public PublishJob(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.runId = runId;
    this.warehouse = new Warehouse(spark, settings);
  }

  /**
   * Exports the run's gold tables under exports/TABLE/ (unless publish.exports is off); returns
   * the rows exported per table. A history run (rerun, as-of, backfill step) never becomes the
   * latest, so the caller skips this for it: the exports keep holding the latest run.
   */
  public Map<String, Long> export() {
    Map<String, Long> exported = new LinkedHashMap<>();
    if (!settings.publish().exports()) {
      return exported;
    }
    for (String table : EXPORTED) {
      spark.sparkContext().setJobDescription("publish: export " + table + " of run " + runId);
      Dataset<Row> rows = warehouse.read(table).where(col("run_id").equalTo(runId));
      if (table.equals(Tables.TOPICS) || table.equals(Tables.TOPIC_TRENDS)) {
        rows = TopicLabels.withCuratedLabels(rows, warehouse);
      }
      try {
        Exports.write(rows, table, warehouse.storage(), warehouse.exportsDir());
      } catch (IOException e) {
        throw new UncheckedIOException("export of " + table + " failed: " + e.getMessage(), e);
      }
      exported.put(table, spark.read()
          .parquet(warehouse.path("exports", table, table + ".parquet")).count());
    }
    spark.sparkContext().setJobDescription(null);
    return exported;
  }

  /** Writes {@code <warehouse>/report/index.html} of the run (when publish.report is on). */
  public boolean report(Report.Run run) {
    if (!settings.publish().report()) {
      return false;
    }
    Report.write(warehouse, run, Report.Limits.of(settings.publish()));
    return true;
  }

  /**
   * Registers the tables and latest_* views (latestRunSql: the latest run's id, given the name
   * of model_runs) for this session, and in the session's catalog when catalog.database is set.
   */
  public List<String> register(UnaryOperator<String> latestRunSql) {
    List<String> names = new ArrayList<>(Catalog.registerAll(warehouse, latestRunSql));
    LOG.info("registered tables and views: {}", names);
    if (settings.catalogDatabase() != null) {
      spark.sparkContext().setJobDescription("publish: register the tables in "
          + settings.catalogDatabase());
      List<String> persistent = Catalog.registerPersistent(warehouse,
          settings.catalogDatabase(), latestRunSql);
      Progress.info(STAGE, "registered " + persistent.size() + " tables and views in "
          + settings.catalogDatabase() + " of the session's catalog");
      names.addAll(persistent);
      spark.sparkContext().setJobDescription(null);
    }
    return names;
  }
}
