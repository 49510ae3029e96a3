package papertrends.runs;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * Reads model_runs for the pipeline's decisions: the last run on the current corpus (as_of
 * null; reruns and backfills are history and do not count), the model a run would pin, the
 * date a run stands for.
 */
public final class RunHistory {
  private final Warehouse warehouse;

  public RunHistory(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** Runs on the current corpus (not reruns, as-of runs or backfill steps). */
  public Dataset<Row> regularRuns() {
    return warehouse.read(Tables.MODEL_RUNS).where(col("as_of").isNull());
  }

  /**
   * The topic model that was current on a day: the newest succeeded refit run of the current
   * corpus that finished by the end of that day (UTC).
   */
  public Optional<Row> modelCurrentOn(java.time.LocalDate day) {
    java.sql.Timestamp end = java.sql.Timestamp.valueOf(day.plusDays(1).atStartOfDay());
    return first(regularRuns().where(col("status").equalTo(RunRegistry.SUCCEEDED)
            .and(col("mode").equalTo(RefitPolicy.REFIT)).and(col("finished_at").lt(end)))
        .orderBy(col("finished_at").desc(), col("run_id").desc()));
  }

  /** The newest regular run, whatever its status. */
  public Optional<Row> lastRegular() {
    return first(regularRuns().orderBy(col("started_at").desc(), col("run_id").desc()));
  }

  /** The newest succeeded regular run. */
  public Optional<Row> lastSucceededRegular() {
    return first(regularRuns().where(col("status").equalTo(RunRegistry.SUCCEEDED))
        .orderBy(col("finished_at").desc(), col("run_id").desc()));
  }

  /** A run by id. */
  public Optional<Row> get(String runId) {
    return first(warehouse.read(Tables.MODEL_RUNS).where(col("run_id").equalTo(runId)));
  }

  /** The run whose fitted model a run used: itself for a refit, its model run when pinned. */
  public Optional<Row> modelRunOf(Row run) {
    String model = run.getAs("model_run_id");
    if (RefitPolicy.PINNED.equals(run.getAs("mode")) && model != null) {
      return get(model);
    }
    return Optional.of(run);
  }

  /** The date a run stands for: its as-of date, else the day it started (UTC). */
  public static LocalDate dateOf(Row run) {
    String asOf = run.getAs("as_of");
    if (asOf != null && asOf.startsWith(Replay.AS_OF_DATE)) {
      return LocalDate.parse(asOf.substring(Replay.AS_OF_DATE.length()));
    }
    java.sql.Timestamp t = run.getAs("started_at");
    return t.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
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

  private static Optional<Row> first(Dataset<Row> d) {
    List<Row> r = d.limit(1).collectAsList();
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }
}
