package papertrends.runs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.features.FeaturesJob;
import papertrends.topics.TopicsJob;
import papertrends.trends.TrendsJob;
import papertrends.util.Errors;
import papertrends.util.Progress;

/**
 * One analysis run in one session: features → topics (refit) or pinned scoring → trends →
 * publish, under one run id. The pipeline, rerun and backfill all run through here. A stage
 * that throws, or a killed driver, leaves the run running: its stage can be retried with
 * --run RUN_ID, and a newer run marks it failed once its heartbeat is stale.
 */
public final class AnalysisRun {
  private static final Logger LOG = LoggerFactory.getLogger(AnalysisRun.class);

  /**
   * What to analyse: the papers (a Delta version, maybe filtered by date), the Delta version
   * they come from, a description of the history point (null for the current corpus), and the
   * refit decision.
   */
  public record Spec(Dataset<Row> papers, long papersVersion, String asOf,
      RefitPolicy.Decision decision, boolean applyDrift, String replayOf,
      java.util.Optional<String> latestRunId) {
    public Spec(Dataset<Row> papers, long papersVersion, String asOf,
        RefitPolicy.Decision decision, boolean applyDrift) {
      this(papers, papersVersion, asOf, decision, applyDrift, null, null);
    }

    /**
     * The latest run as the caller read it just before the run (empty: none; null: not read),
     * so the topics stage need not read it again.
     */
    public Spec withLatestRun(java.util.Optional<String> latest) {
      return new Spec(papers, papersVersion, asOf, decision, applyDrift, replayOf, latest);
    }
  }

  /** What the run did. */
  public record Outcome(String runId, String mode, String modeReason, TopicsJob.Result topics,
      TrendsJob.Result trends) {}

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final RunRegistry runs;

  public AnalysisRun(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = new Warehouse(spark, settings);
    this.runs = new RunRegistry(warehouse, settings.runs());
  }

  /** Starts the run's model_runs row and runs every stage; returns what it did. */
  public Outcome run(String runId, Spec spec) {
    RefitPolicy.Decision d = spec.decision();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("mode", d.mode());
    f.put("mode_reason", d.reason());
    f.put("config", settings.json());
    f.put("papers_version", spec.papersVersion());
    f.put("input_versions", inputVersions(spec.papersVersion(), spec.replayOf()));
    f.put("as_of", spec.asOf());
    f.put("code_version", AnalysisRuns.codeVersion());
    f.put("optimizer", settings.topics().optimizer());
    f.put("seed", settings.topics().seed());
    f.put("model_run_id", d.modelRunId());
    // the first stage begins in the start's commit: a refit's features, a pinned run's scoring
    String first = d.refit() ? FeaturesJob.STAGE : TopicsJob.STAGE;
    runs.start(runId, f, first);
    Progress.info("run", runId + " started (" + d.mode() + ": " + d.reason() + ")");
    RunStages stages = new RunStages(spark, settings, runId).chained().begun(first);
    if (spec.latestRunId() != null && spec.asOf() == null) {
      stages.latestRun(spec.latestRunId());
    }
    try (Heartbeat beat = Heartbeat.hold(runs, runId, settings.runs().heartbeatEvery())) {
      String mode = d.mode();
      String reason = d.reason();
      TopicsJob.Result topics;
      if (d.refit()) {
        topics = refit(stages, spec.papers());
        if (spec.replayOf() != null) {
          StableIdCopy.apply(warehouse, runId, spec.replayOf());
        }
      } else {
        topics = stages.score(d.modelRunId(), spec.papers());
        Optional<String> drift = spec.applyDrift() ? driftReason(runId, d.modelRunId())
            : Optional.empty();
        if (drift.isPresent()) {
          mode = RefitPolicy.REFIT;
          reason = drift.get();
          Progress.info("run", runId + ": refit after all: " + reason);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("mode", mode);
          m.put("mode_reason", reason);
          m.put("model_run_id", org.apache.spark.sql.functions.lit(null).cast("string"));
          runs.update(runId, m);
          topics = refit(stages, spec.papers());
        }
      }
      TrendsJob.Result trends = stages.trends();
      stages.publish();
      return new Outcome(runId, mode, reason, topics, trends);
    } catch (RuntimeException e) {
      try {
        stages.flush(); // a stage that finished before the failure stays recorded as done
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      LOG.debug("run {} stopped", runId, e);
      LOG.warn("run {} stays running ({}): retry the stage with --run {}, or a newer run"
          + " gives it up once its heartbeat is stale", runId, Errors.describe(e), runId);
      throw e;
    }
  }

  private static TopicsJob.Result refit(RunStages stages, Dataset<Row> papers) {
    stages.features(papers);
    return stages.topics();
  }

  private Optional<String> driftReason(String runId, String modelRunId) {
    double modelPerplexity = runs.history().get(modelRunId).map(ModelRun::logPerplexity)
        .orElse(Double.NaN);
    Drift.Measure m = Drift.measure(warehouse, runId, modelRunId, modelPerplexity);
    LOG.info("run {}: {} new papers against model {}: oov share {}, log-perplexity {} (model {})",
        runId, m.newDocs(), modelRunId, m.oovShare(), m.newLogPerplexity(), modelPerplexity);
    runs.update(runId, Map.of("mode_reason", runs.history().get(runId)
        .map(ModelRun::modeReason).orElse("") + String.format(java.util.Locale.ROOT,
        "; %d new papers: oov share %.3f, log-perplexity %.3f", m.newDocs(), m.oovShare(),
        m.newLogPerplexity())));
    return RefitPolicy.drift(settings.pipeline(), m);
  }

  /**
   * The Delta versions the run reads: papers at the given version, paper_sightings at its
   * current version, or for a replay at the version its original recorded.
   */
  private String inputVersions(long papersVersion, String replayOf) {
    long sightings = replayOf == null ? -1
        : runs.history().get(replayOf).orElseThrow()
            .recordedVersion(papertrends.io.Tables.PAPER_SIGHTINGS);
    if (sightings < 0) {
      sightings = warehouse.version(papertrends.io.Tables.PAPER_SIGHTINGS);
    }
    return AnalysisRuns.inputVersions(papersVersion, sightings);
  }
}
