package papertrends.runs;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.RunSettings;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.DeltaCommits;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * The writing side of model_runs: one row per analysis run, `running` → `succeeded` | `failed`,
 * with a per-stage record (model_runs.stages) and the driver's heartbeat. A stage that dies
 * leaves the run running, and retrying it under the same run id redoes it (its earlier rows
 * deleted first). A run becomes failed only when abandoned: a newer run starts while its
 * heartbeat is older than papertrends.runs.dead-after, a stage used up max-attempts, or
 * `runs --fail`; its rows then leave the run-keyed tables (its model_runs row stays).
 */
public final class RunRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  /**
   * One model_runs write at a time from this process: the heartbeat thread and the stage's own
   * updates would otherwise conflict in Delta (both rewrite the same file).
   */
  private static final Object WRITES = new Object();

  private final Warehouse warehouse;
  private final RunSettings settings;

  /** A registry with the default run settings of reference.conf. */
  public RunRegistry(Warehouse warehouse) {
    this(warehouse, Settings.load(null, List.of()).runs());
  }

  public RunRegistry(Warehouse warehouse, RunSettings settings) {
    this.warehouse = warehouse;
    this.settings = settings;
  }

  /** The reading side of model_runs. */
  public RunHistory history() {
    return new RunHistory(warehouse);
  }

  RunSettings settings() {
    return settings;
  }

  /** The form of a run id. */
  public static final String RUN_ID_PATTERN = "r\\d{8}T\\d{6}-[0-9a-f]{6}";

  /** A new, sortable run id: r20261126T171500-1a2b3c. */
  public static String newRunId() {
    return "r" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /**
   * Marks dead runs failed (see {@link #failAbandoned}), then records a new running run.
   *
   * @param fields initial values of model_runs columns (mode, config, … ); run_id, started_at,
   *     status, heartbeat_at and stages are set here
   */
  public void start(String runId, Map<String, Object> fields) {
    start(runId, fields, null);
  }

  /**
   * As {@link #start(String, Map)}, with the run's first stage begun in the same commit (its
   * first attempt; null: none), for a driver that runs that stage next (see
   * {@link RunStages#begun}).
   */
  public void start(String runId, Map<String, Object> fields, String firstStage) {
    describe("runs: start run " + runId);
    failAbandoned(runId);
    Instant at = Instant.now();
    Timestamp now = Timestamp.from(at);
    Map<String, Object> v = new LinkedHashMap<>(fields);
    v.put("run_id", runId);
    v.put("status", RUNNING);
    v.put("started_at", now);
    v.put("heartbeat_at", now);
    v.put("stages", firstStage == null ? "{}" : Stages.begin("{}", firstStage, at));
    String[] names = Tables.MODEL_RUNS_SCHEMA.fieldNames();
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = v.get(names[i]);
    }
    warehouse.append(Tables.MODEL_RUNS, warehouse.spark().createDataFrame(
        List.of(RowFactory.create(values)), Tables.MODEL_RUNS_SCHEMA));
    LOG.info("run {} started", runId);
  }

  /**
   * Marks failed every other running run whose heartbeat (else start) is older than
   * dead-after: its driver died or was stopped. A live run (fresh heartbeat: a backfill beside
   * the daily pipeline) is left alone. The dead runs' rows are purged.
   */
  public void failAbandoned(String exceptRunId) {
    if (!warehouse.exists(Tables.MODEL_RUNS)) {
      return;
    }
    warehouse.addMissingColumns(Tables.MODEL_RUNS);
    Timestamp deadline = Timestamp.from(Instant.now().minus(settings.deadAfter()));
    List<String> dead = warehouse.read(Tables.MODEL_RUNS)
        .where(col("status").equalTo(RUNNING).and(col("run_id").notEqual(exceptRunId))
            .and(coalesce(col("heartbeat_at"), col("started_at")).lt(lit(deadline))))
        .select("run_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    for (String id : dead) {
      abandon(id, "did not finish (no heartbeat for " + settings.deadAfter().toSeconds()
          + " s: its driver died or was stopped); marked failed by run " + exceptRunId);
    }
  }

  /** The driver's heartbeat: heartbeat_at = now, while the run is running. */
  void beat(String runId) {
    Map<String, Column> set = Map.of("heartbeat_at", lit(Timestamp.from(Instant.now())));
    // the beat's thread inherited the job description of the stage that started it
    describe("runs: heartbeat of run " + runId);
    synchronized (WRITES) {
      DeltaCommits.withRetries("heartbeat of run " + runId, 5, () -> {
        warehouse.delta(Tables.MODEL_RUNS).update(col("run_id").equalTo(runId)
            .and(col("status").equalTo(RUNNING)), set);
        return null;
      });
    }
  }

  /**
   * Starts an attempt of a stage: the run must be running (publish may redo a succeeded run);
   * a stage that used up max-attempts fails the run; on a retry the rows the earlier attempt
   * wrote to the stage's tables are deleted first, so none is duplicated or left over.
   */
  public ModelRun beginStage(String runId, String stage, List<String> tables) {
    return beginStage(runId, stage, tables, null);
  }

  /**
   * A stage that finished, not yet recorded: a driver that runs the next stage at once records
   * it with that stage's begin, in the same model_runs commit (one commit per stage boundary
   * instead of two; each costs seconds of fixed Delta work).
   */
  public record Finished(String stage, Map<String, Object> fields, Map<String, Double> seconds,
      Instant at) {}

  /**
   * As {@link #beginStage(String, String, List)}, recording the previous stage's end (when not
   * null) in the same commit; if this stage may not begin, the previous one is recorded alone
   * before the refusal.
   */
  public ModelRun beginStage(String runId, String stage, List<String> tables, Finished previous) {
    describe("runs: begin stage " + stage + " of run " + runId);
    warehouse.addMissingColumns(Tables.MODEL_RUNS);
    ModelRun run = history().get(runId).orElseThrow(() ->
        new UsageException("no run " + runId + " in model_runs"));
    Map<String, Object> done = previous == null ? Map.of() : finished(run, previous);
    try {
      return begin(run, stage, tables, done);
    } catch (RuntimeException e) {
      if (!done.isEmpty()) {
        try {
          update(runId, done);
        } catch (RuntimeException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  private ModelRun begin(ModelRun run, String stage, List<String> tables,
      Map<String, Object> done) {
    String runId = run.runId();
    if (run.failed()) {
      throw new UsageException("run " + runId + " failed (" + run.error() + "): start a new"
          + " run instead");
    }
    if (run.pruned()) {
      throw new UsageException(Maintenance.prunedLine(run));
    }
    if (run.succeeded() && !"publish".equals(stage)) {
      throw new UsageException("run " + runId + " succeeded already: its tables are"
          + " published; start a new run instead");
    }
    int attempts = Stages.attempts(run.stages(), stage);
    if (attempts >= settings.maxAttempts()
        && !Stages.DONE.equals(Stages.state(run.stages(), stage))) {
      String why = "stage " + stage + " used up its " + settings.maxAttempts() + " attempts"
          + " (papertrends.runs.max-attempts)";
      abandon(runId, why);
      throw new IllegalStateException("run " + runId + " is failed now: " + why);
    }
    if (attempts > 0) {
      LOG.info("run {}: attempt {} of stage {}: its earlier rows go first", runId,
          attempts + 1, stage);
      purge(runId, tables);
    }
    Instant now = Instant.now();
    Map<String, Object> set = new LinkedHashMap<>(done);
    String stages = done.isEmpty() ? run.stages() : (String) done.get("stages");
    set.put("stages", Stages.begin(stages, stage, now));
    set.put("heartbeat_at", Timestamp.from(now));
    update(runId, set);
    return run;
  }

  /** Records a stage done: its result's columns and timings, in one commit. */
  public void finishStage(String runId, String stage, Map<String, Object> fields,
      Map<String, Double> seconds) {
    describe("runs: finish stage " + stage + " of run " + runId);
    ModelRun run = history().get(runId).orElseThrow();
    update(runId, finished(run, new Finished(stage, fields, seconds, Instant.now())));
  }

  /** The model_runs columns that record a finished stage: its fields, timings and state. */
  private static Map<String, Object> finished(ModelRun run, Finished f) {
    Map<String, Object> all = new LinkedHashMap<>(f.fields());
    if (f.seconds() != null && !f.seconds().isEmpty()) {
      all.put("timings", Timings.merge(run.timings(), f.stage(), f.seconds()));
    }
    all.put("stages", Stages.end(run.stages(), f.stage(), f.at(), null));
    all.put("heartbeat_at", Timestamp.from(f.at()));
    return all;
  }

  /**
   * Records a failed attempt of a stage; the run stays running (retry the stage with --run),
   * unless this was the last attempt max-attempts allows: then it is failed.
   */
  public void stageFailed(String runId, String stage, String error) {
    ModelRun run = history().get(runId).orElseThrow();
    if (!run.running()) {
      return;
    }
    update(runId, Map.of("stages", Stages.end(run.stages(), stage, Instant.now(), error)));
    if (Stages.attempts(run.stages(), stage) >= settings.maxAttempts()) {
      abandon(runId, stage + " failed " + settings.maxAttempts() + " times"
          + " (papertrends.runs.max-attempts): " + error);
    }
  }

  /** The run's last write: status succeeded, finished_at now, its publish stage done. */
  public void succeed(String runId) {
    describe("runs: run " + runId + " succeeded");
    ModelRun run = history().get(runId).orElseThrow();
    Instant now = Instant.now();
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("status", SUCCEEDED);
    set.put("finished_at", Timestamp.from(now));
    set.put("error", null);
    if (Stages.state(run.stages(), "publish") != null) {
      set.put("stages", Stages.end(run.stages(), "publish", now, null));
    }
    update(runId, set);
    LOG.info("run {} succeeded", runId);
  }

  /** Status failed with the error line; the run's rows stay (see {@link #abandon}). */
  public void fail(String runId, String error) {
    update(runId, Map.of("status", FAILED, "finished_at", Timestamp.from(Instant.now()),
        "error", error == null ? "failed" : error));
  }

  /** Gives a run up: status failed with the reason, and its rows purged. */
  public void abandon(String runId, String error) {
    fail(runId, error);
    LOG.warn("run {} marked failed: {}", runId, error);
    purge(runId);
  }

  /**
   * Deletes a failed run's rows from every run-keyed table (one Delta commit per table that
   * holds any) and its saved models, so nothing a run half-wrote survives it; its model_runs
   * row stays, and Delta time travel still shows what it had written.
   */
  public void purge(String runId) {
    purge(runId, Tables.ALL.keySet().stream().filter(n -> !n.equals(Tables.MODEL_RUNS))
        .toList());
    try {
      warehouse.storage().delete(warehouse.modelDir(runId));
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("could not remove the models of failed run {}: {}", runId, e.toString());
    }
  }

  /** Deletes a run's rows from the given run-keyed tables (those that hold any). */
  public void purge(String runId, List<String> tables) {
    for (String name : tables) {
      StructType schema = Tables.ALL.get(name);
      if (!List.of(schema.fieldNames()).contains("run_id") || !warehouse.exists(name)
          || warehouse.read(name).where(col("run_id").equalTo(runId)).isEmpty()) {
        continue;
      }
      DeltaCommits.withRetries("purge " + name + " of run " + runId, 5, () -> {
        warehouse.delta(name).delete(col("run_id").equalTo(runId));
        return null;
      });
      LOG.info("removed the rows of run {} from {}", runId, name);
    }
  }

  /** Records that maintain deleted these runs' rows: pruned_at = now, in one commit. */
  public void markPruned(List<String> runIds, Timestamp at) {
    if (runIds.isEmpty()) {
      return;
    }
    warehouse.addMissingColumns(Tables.MODEL_RUNS);
    synchronized (WRITES) {
      DeltaCommits.withRetries("mark runs pruned", 5, () -> {
        warehouse.delta(Tables.MODEL_RUNS).update(col("run_id").isin(runIds.toArray()),
            Map.of("pruned_at", lit(at)));
        return null;
      });
    }
  }

  /** Sets columns of a run's row (values are Java values or Spark Columns). */
  public void update(String runId, Map<String, Object> fields) {
    Map<String, Column> set = new LinkedHashMap<>();
    fields.forEach((k, v) -> set.put(k, v instanceof Column c ? c
        : lit(v).cast(Tables.MODEL_RUNS_SCHEMA.apply(k).dataType())));
    synchronized (WRITES) {
      DeltaCommits.withRetries("update run " + runId, 5, () -> {
        warehouse.delta(Tables.MODEL_RUNS).update(col("run_id").equalTo(runId), set);
        return null;
      });
    }
  }

  /** Names the Spark jobs of the run's record (jobs.tsv, the Spark UI) in this thread. */
  private void describe(String what) {
    warehouse.spark().sparkContext().setJobDescription(what);
  }
}
