package papertrends.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Catalog;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunRegistry;
import papertrends.util.Progress;

/**
 * The publish stage of a run: registers the tables and latest_* views, exports the run's gold
 * tables as Parquet and CSV, writes the report, and finally marks the run succeeded (the run's
 * last write, after which the latest_* views show it).
 */
public final class PublishJob {
  private static final Logger LOG = LoggerFactory.getLogger(PublishJob.class);

  /** Gold tables exported under exports/TABLE/. */
  public static final List<String> EXPORTED = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.DOC_KEYWORDS);

  /** What a publish wrote: exported rows per table. */
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

  /** Exports, report, then RunRegistry.succeed as the very last write. */
  public Result run() {
    Progress progress = Progress.start("publish");
    RunRegistry registry = new RunRegistry(warehouse);
    Row run = registry.get(runId).orElseThrow(() ->
        new UsageException("no run " + runId + " in model_runs"));
    if (RunRegistry.FAILED.equals(run.getAs("status"))) {
      throw new UsageException("run " + runId + " failed: its tables are incomplete; start a"
          + " new run instead of publishing it");
    }
    Map<String, Long> exported = new LinkedHashMap<>();
    // A history run (rerun, as-of, backfill step) never becomes latest: the exports keep
    // holding the latest run, as the latest_* views do.
    boolean history = !run.isNullAt(run.fieldIndex("as_of"));
    if (history) {
      LOG.info("run {} is a history run (as_of {}): exports left as they are", runId,
          run.<String>getAs("as_of"));
    }
    if (settings.publish().exports() && !history) {
      for (String table : EXPORTED) {
        spark.sparkContext().setJobDescription("publish: export " + table + " of run " + runId);
        Dataset<Row> rows = warehouse.read(table).where(col("run_id").equalTo(runId));
        try {
          Exports.write(rows, table, warehouse.storage(), warehouse.exportsDir());
        } catch (IOException e) {
          throw new UncheckedIOException("export of " + table + " failed: " + e.getMessage(), e);
        }
        exported.put(table, warehouse.spark().read()
            .parquet(warehouse.path("exports", table, table + ".parquet"))
            .count());
      }
      spark.sparkContext().setJobDescription(null);
    }
    boolean report = settings.publish().report() && writeReport();

    registry.succeed(runId);
    List<String> names = Catalog.registerAll(warehouse);
    LOG.info("registered tables and views: {}", names);
    if (settings.catalogDatabase() != null) {
      spark.sparkContext().setJobDescription("publish: register the tables in "
          + settings.catalogDatabase());
      List<String> persistent = Catalog.registerPersistent(warehouse,
          settings.catalogDatabase());
      Progress.info("publish", "registered " + persistent.size() + " tables and views in "
          + settings.catalogDatabase() + " of the session's catalog");
    }
    Result r = new Result(runId, exported, warehouse.exportsDir(), report);
    progress.finish(r.counts());
    return r;
  }

  /** Writes {@code <warehouse>/report/index.html} of this run (before it is marked succeeded). */
  private boolean writeReport() {
    Report.write(warehouse, runId, Report.Limits.of(settings.publish()));
    return true;
  }
}
