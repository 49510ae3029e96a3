package papertrends.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/** Starting and resolving analysis runs for the stage commands, and what a run reads. */
public final class AnalysisRuns {
  private AnalysisRuns() {}

  public static final String REFIT = "refit";
  public static final String PINNED = "pinned";

  /** The code version recorded with a run: the build's version and git commit. */
  public static String codeVersion() {
    return papertrends.util.Version.describe();
  }

  /**
   * Starts a run on the current papers version (mode refit or pinned; modelRunId for pinned)
   * and returns its id.
   */
  public static String start(Warehouse warehouse, Settings settings, String mode,
      String modelRunId) {
    return start(warehouse, settings, mode, modelRunId, RunRegistry.newRunId());
  }

  /**
   * Starts a run under an id a scheduler made (the Airflow DAG's first task), so that every task
   * of the DAG run names the same run with --run; the id must have the jobs' own form.
   */
  public static String start(Warehouse warehouse, Settings settings, String mode,
      String modelRunId, String runId) {
    return start(warehouse, settings, mode, modelRunId, runId, null);
  }

  /**
   * As {@link #start(Warehouse, Settings, String, String, String)}, with the run's first stage
   * begun in the start's commit (for {@link RunStages#begun}; null: none).
   */
  public static String start(Warehouse warehouse, Settings settings, String mode,
      String modelRunId, String runId, String firstStage) {
    if (!runId.matches(RunRegistry.RUN_ID_PATTERN)) {
      throw new UsageException("run id '" + runId + "' is not of the form r20261126T171500-1a2b3c");
    }
    if (!warehouse.exists(Tables.PAPERS)) {
      throw new UsageException("no papers table under " + warehouse.root()
          + ": run jobs/papertrends ingest first");
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", mode);
    f.put("config", settings.json());
    long v = warehouse.version(Tables.PAPERS);
    f.put("papers_version", v);
    f.put("input_versions", inputVersions(v, warehouse.version(Tables.PAPER_SIGHTINGS)));
    f.put("code_version", codeVersion());
    f.put("optimizer", settings.topics().optimizer());
    f.put("seed", settings.topics().seed());
    if (modelRunId != null) {
      f.put("model_run_id", modelRunId);
    }
    new RunRegistry(warehouse, settings.runs()).start(runId, f, firstStage);
    return runId;
  }

  /** The run a later stage continues: the given id (must exist), else the newest running. */
  public static String resolve(Warehouse warehouse, String runId) {
    RunHistory history = new RunHistory(warehouse);
    if (runId != null) {
      if (history.get(runId).isEmpty()) {
        throw new UsageException("no run " + runId + " in model_runs");
      }
      return runId;
    }
    return history.latestRunning().map(ModelRun::runId).orElseThrow(() -> new UsageException(
        "no running analysis run: run jobs/papertrends features first, or give --run RUN_ID"));
  }

  /** The input_versions JSON of a run: the Delta versions of papers and paper_sightings. */
  public static String inputVersions(long papers, long sightings) {
    return "{\"" + Tables.PAPERS + "\":" + papers + ",\"" + Tables.PAPER_SIGHTINGS + "\":"
        + sightings + "}";
  }

  /**
   * paper_sightings as the run read it: at its recorded Delta version (so a replay sees the
   * sightings of its original, not those added since), else the current table.
   */
  public static Dataset<Row> sightings(Warehouse warehouse, ModelRun run) {
    long v = run.recordedVersion(Tables.PAPER_SIGHTINGS);
    if (v >= 0 && v <= warehouse.version(Tables.PAPER_SIGHTINGS)) {
      return warehouse.readVersion(Tables.PAPER_SIGHTINGS, v);
    }
    return warehouse.read(Tables.PAPER_SIGHTINGS);
  }

  /** The papers a run analyses: papers at the run's recorded Delta version, else current. */
  public static Dataset<Row> papers(Warehouse warehouse, ModelRun run) {
    if (!warehouse.exists(Tables.PAPERS)) {
      throw new IllegalStateException("no papers table in " + warehouse.root());
    }
    Long v = run.papersVersion();
    return v != null && v >= 0 && v <= warehouse.version(Tables.PAPERS)
        ? warehouse.readVersion(Tables.PAPERS, v) : warehouse.read(Tables.PAPERS);
  }
}
