package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.io.Catalog;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * Reads model_runs for the pipeline's decisions: the latest run (the one rule, used by the
 * latest_* views too), the last run on the current corpus (reruns and backfills are history and
 * do not count), the model a run would pin, the date a run stands for.
 */
public final class RunHistory {
  /**
   * The one definition of "the latest run": a succeeded run of the current corpus (as_of null;
   * reruns, as-of runs and backfill steps are history), the newest finished first.
   */
  static final String LATEST_WHERE = "status = 'succeeded' AND as_of IS NULL";
  static final String LATEST_ORDER = "finished_at DESC, run_id DESC";

  private final Warehouse warehouse;

  public RunHistory(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** SQL of the latest run's id over a model_runs table of this name (null when none). */
  public static String latestRunSql(String modelRuns) {
    return "(SELECT run_id FROM " + modelRuns + " WHERE " + LATEST_WHERE + " ORDER BY "
        + LATEST_ORDER + " LIMIT 1)";
  }

  /** Registers every table and the latest_* views (by the rule above) as temporary views. */
  public static List<String> registerViews(Warehouse w) {
    return Catalog.registerAll(w, RunHistory::latestRunSql);
  }

  private Dataset<Row> all() {
    return warehouse.read(Tables.MODEL_RUNS);
  }

  /** Runs on the current corpus (not reruns, as-of runs or backfill steps). */
  public Dataset<Row> regularRuns() {
    return all().where(col("as_of").isNull());
  }

  /** The latest run: the newest succeeded run of the current corpus. */
  public Optional<ModelRun> latest() {
    return first(all().where(expr(LATEST_WHERE)).orderBy(order()));
  }

  /** The newest succeeded run of any kind (a backfill's previous step included). */
  public Optional<ModelRun> latestOfAnyKind() {
    return first(all().where(col("status").equalTo(RunRegistry.SUCCEEDED)).orderBy(order()));
  }

  private static org.apache.spark.sql.Column[] order() {
    return new org.apache.spark.sql.Column[] {col("finished_at").desc(), col("run_id").desc()};
  }

  /**
   * The topic model that was current on a day: the newest succeeded refit run of the current
   * corpus that finished by the end of that day (UTC).
   */
  public Optional<ModelRun> modelCurrentOn(java.time.LocalDate day) {
    java.sql.Timestamp end = java.sql.Timestamp.valueOf(day.plusDays(1).atStartOfDay());
    return first(regularRuns().where(expr(LATEST_WHERE)
            .and(col("mode").equalTo(RefitPolicy.REFIT)).and(col("finished_at").lt(end)))
        .orderBy(order()));
  }

  /** The newest regular run, whatever its status. */
  public Optional<ModelRun> lastRegular() {
    return first(regularRuns().orderBy(col("started_at").desc(), col("run_id").desc()));
  }

  /** A run by id. */
  public Optional<ModelRun> get(String runId) {
    return first(all().where(col("run_id").equalTo(runId)));
  }

  /** The newest run still running (the one a stage started alone continues). */
  public Optional<ModelRun> latestRunning() {
    return first(all().where(col("status").equalTo(RunRegistry.RUNNING))
        .orderBy(col("started_at").desc(), col("run_id").desc()));
  }

  /** The run whose fitted model a run used: itself for a refit, its model run when pinned. */
  public Optional<ModelRun> modelRunOf(ModelRun run) {
    if (RefitPolicy.PINNED.equals(run.mode()) && run.modelRunId() != null) {
      return get(run.modelRunId());
    }
    return Optional.of(run);
  }

  /**
   * The run a new refit's stable topic ids are matched to: for a run of the current corpus the
   * latest run (a backfill or as-of run in between does not shift the daily ids), for a history
   * run the newest succeeded run of any kind (a backfill's previous step); never itself.
   */
  public Optional<String> previousOf(ModelRun run) {
    return (run.history() ? latestOfAnyKind() : latest()).map(ModelRun::runId)
        .filter(id -> !id.equals(run.runId()));
  }

  /** True when the features or topics settings of two config JSONs differ. */
  public static boolean modelSettingsDiffer(String configJson, String otherJson) {
    if (configJson == null || otherJson == null) {
      return true;
    }
    Config a = ConfigFactory.parseString(configJson);
    Config b = ConfigFactory.parseString(otherJson);
    for (String section : List.of("features", "topics")) {
      if (!render(a, section).equals(render(b, section))) {
        return true;
      }
    }
    return false;
  }

  private static String render(Config c, String path) {
    return c.hasPath(path) ? c.getConfig(path).root().render(ConfigRenderOptions.concise()) : "";
  }

  private static Optional<ModelRun> first(Dataset<Row> d) {
    List<Row> r = d.limit(1).collectAsList();
    return r.isEmpty() ? Optional.empty() : Optional.of(ModelRun.of(r.get(0)));
  }
}
