package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
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

  /**
   * The runs as `jobs/papertrends runs` lists them, newest first, with the columns a person
   * scans; pruned_at is set for a run whose rows maintain pruned (columns a warehouse written
   * before they existed lacks are null).
   */
  public Dataset<Row> listing() {
    Dataset<Row> runs = all();
    List<String> columns = List.of(runs.columns());
    UserDefinedFunction stages = udf((UDF1<String, String>) ModelRun::stagesSummary,
        DataTypes.StringType);
    return runs
        .orderBy(col("started_at").desc(), col("run_id").desc())
        .select(col("run_id"), time(col("started_at")).as("started_at"),
            col("status"), col("papers_version"), col("input_versions"), col("k"),
            format_number(col("mean_npmi"), 3).as("mean_npmi"), col("docs"), col("mode"),
            col("mode_reason"), col("as_of"),
            (columns.contains("stages") ? stages.apply(col("stages")) : lit(null)).cast("string")
                .as("stages"),
            (columns.contains("heartbeat_at") ? time(col("heartbeat_at")) : lit(null))
                .cast("string").as("heartbeat_at"),
            (columns.contains("pruned_at") ? time(col("pruned_at")) : lit(null))
                .cast("string").as("pruned_at"));
  }

  private static Column time(Column c) {
    return date_format(c, "yyyy-MM-dd HH:mm:ss");
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
