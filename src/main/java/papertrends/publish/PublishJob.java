package papertrends.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.io.Catalog;
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

  /** Gold tables exported under exports/TABLE/ (the latest run) and exports/TABLE/run_id=RUN/. */
  public static final List<String> EXPORTED = RunExports.RUN_TABLES;

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
   * Exports the run's gold tables under exports/TABLE/run_id=RUN/ and, as the latest run, at the
   * stable exports/TABLE/ paths, plus exports/papers/ (unless publish.exports is off); returns
   * the rows exported per table. A history run (rerun, as-of, backfill step) never becomes the
   * latest, so the caller skips this for it: the exports keep holding the latest run.
   */
  public Map<String, Long> export() {
    if (!settings.publish().exports()) {
      return new LinkedHashMap<>();
    }
    return RunExports.writeRun(warehouse, runId, true);
  }

  /** Exports model_runs whole (every run and its status); after the run's status changed. */
  public void exportRuns() {
    if (settings.publish().exports()) {
      RunExports.writeRuns(warehouse);
    }
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
