package papertrends.runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.features.FeaturesJob;
import papertrends.io.Warehouse;
import papertrends.publish.PublishJob;
import papertrends.topics.TopicsJob;
import papertrends.trends.TrendsJob;
import papertrends.util.Errors;
import papertrends.util.Parallel;
import papertrends.util.Progress;

/**
 * The stages of one analysis run, as runs/ drives them: each gets what it needs from the run's
 * record (papers at its version, the previous run, the pinned model) and its typed result is
 * recorded in model_runs here; the stages themselves never see model_runs. Each stage is one
 * attempt in the run's stage record, with the driver's heartbeat while it works; a stage that
 * throws leaves the run running, to be retried with --run.
 */
public final class RunStages {
  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final RunRegistry runs;
  private final RunHistory history;
  private final String runId;
  /** Chained: the next stage follows at once, so a stage's end is recorded with its begin. */
  private boolean chained;
  /** The end of the last stage, not yet recorded (chained only). */
  private RunRegistry.Finished pending;
  /** The features stage's rows kept for the topics stage that follows (chained only). */
  private FeaturesJob.Kept kept;
  /** The stage begun with the run's start (its begin makes no commit), until it runs. */
  private String begun;
  /** The last stage, done but for its tables still being written (chained only). */
  private Behind behind;
  /** The latest run as the caller read it before the start (null: not handed over). */
  private java.util.Optional<String> latest;

  public RunStages(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = new Warehouse(spark, settings);
    this.runs = new RunRegistry(warehouse, settings.runs());
    this.history = runs.history();
    this.runId = runId;
  }

  /**
   * Stages run one after the other in this driver (the pipeline): each stage's end is recorded
   * in the same model_runs commit as the next stage's begin (publish's begin for the last), so
   * a run makes one commit per stage boundary instead of two. {@link #flush} records a pending
   * end when the chain stops early. The features stage keeps its doc_features rows in memory for
   * the topics fit; with papertrends.runs.write-behind it also writes its tables behind: the
   * topics fit starts at once, and the topics stage's begin (with the features' end) is recorded
   * when those tables have landed.
   */
  public RunStages chained() {
    this.chained = true;
    return this;
  }

  /**
   * The run's record was started with this stage begun ({@link RunRegistry#start(String, Map,
   * String)}): when it runs, its begin makes no commit of its own.
   */
  public RunStages begun(String stage) {
    this.begun = stage;
    return this;
  }

  /**
   * The latest run (RunHistory.latest) as the caller read it just before this run started: a
   * run of the current corpus matches its topics' stable ids to it instead of reading model_runs
   * again (a history run still reads its own rule's run). Empty: there was none.
   */
  public RunStages latestRun(java.util.Optional<String> latestRunId) {
    this.latest = latestRunId;
    return this;
  }

  /**
   * Records the end of the last stage if it is still pending (chained runs that stop early) and
   * releases the features kept in memory for the topics stage.
   */
  public void flush() {
    try {
      settleBehind();
    } finally {
      release();
    }
    RunRegistry.Finished f = pending;
    pending = null;
    if (f != null) {
      runs.finishStage(runId, f.stage(), f.fields(), f.seconds());
    }
  }

  /** The run's record; a usage error when it is not in model_runs. */
  public ModelRun run() {
    return history.get(runId).orElseThrow(() ->
        new UsageException("no run " + runId + " in model_runs"));
  }

  /** Features on the papers at the run's recorded version. */
  public FeaturesJob.Result features() {
    return features(null);
  }

  /** Features fitted on the given papers (null: the papers at the run's recorded version). */
  public FeaturesJob.Result features(Dataset<Row> papers) {
    settleBehind(); // only the topics stage overlaps the writes of the stage before
    release();
    return stage(FeaturesJob.STAGE, FeaturesJob.TABLES, run -> {
      FeaturesJob job = new FeaturesJob(spark, settings, runId);
      if (chained) {
        // the topics fit that follows starts on the kept rows while the tables are written
        job.keepingFeatures();
        if (settings.runs().writeBehind()) {
          job.writingBehind();
        }
      }
      FeaturesJob.Result r = job.run(papers != null ? papers
          : AnalysisRuns.papers(warehouse, recorded(run.get())));
      kept = r.kept();
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("docs", r.docs());
      f.put("vocab_size", r.vocabSize());
      f.put("model_path", r.modelPath());
      return new Done<>(r, f, r.timings(), r.written());
    });
  }

  /** The LDA fit on the run's features; stable ids matched to the previous run's topics. */
  public TopicsJob.Result topics() {
    try {
      return stage(TopicsJob.STAGE, TopicsJob.TABLES, run -> {
        return topicsDone(new TopicsJob(spark, settings, runId).run(
            () -> previousOf(recorded(run.get())), kept));
      });
    } finally {
      release(); // after stage(): the features' writes behind have landed or failed
    }
  }

  private Done<TopicsJob.Result> topicsDone(TopicsJob.Result r) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("k", r.k());
    f.put("optimizer", settings.topics().optimizer());
    f.put("seed", settings.topics().seed());
    f.put("docs", r.docs());
    f.put("vocab_size", r.vocabSize());
    f.put("log_perplexity", r.logPerplexity());
    f.put("mean_npmi", r.meanNpmi());
    f.put("model_path", r.modelPath());
    return new Done<>(r, f, r.timings());
  }

  /** Pinned scoring of the papers at the run's recorded version with a run's saved models. */
  public TopicsJob.Result score(String modelRunId) {
    return score(modelRunId, AnalysisRuns.papers(warehouse, run()));
  }

  /** Pinned scoring of the given papers with run modelRunId's saved features and LDA model. */
  public TopicsJob.Result score(String modelRunId, Dataset<Row> papers) {
    settleBehind();
    release();
    return stage(TopicsJob.STAGE, TopicsJob.SCORE_TABLES, run -> {
      // in the stage: a pinned run's start already began it, so a failure here is recorded
      ModelRun model = history.get(modelRunId).orElseThrow(() ->
          new UsageException("no model run " + modelRunId + " in model_runs"));
      TopicsJob.Result r = new TopicsJob(spark, settings, runId).score(modelRunId,
          model.meanNpmi() == null ? 0 : model.meanNpmi(), papers);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("k", r.k());
      f.put("optimizer", model.optimizer());
      f.put("seed", model.seed());
      f.put("docs", r.docs());
      f.put("vocab_size", r.vocabSize());
      f.put("log_perplexity", r.logPerplexity());
      if (model.meanNpmi() != null) {
        f.put("mean_npmi", model.meanNpmi());
      }
      f.put("model_run_id", modelRunId);
      f.put("model_path", r.modelPath());
      return new Done<>(r, f, r.timings());
    });
  }

  /** The trend tables, from the papers and sightings at the run's recorded versions. */
  public TrendsJob.Result trends() {
    settleBehind();
    release();
    return stage(TrendsJob.STAGE, TrendsJob.TABLES, run -> {
      ModelRun record = recorded(run.get());
      long t0 = System.nanoTime();
      TrendsJob.Result r = new TrendsJob(spark, settings, runId).run(
          AnalysisRuns.papers(warehouse, record), AnalysisRuns.sightings(warehouse, record));
      return new Done<>(r, Map.of(), Map.of("trends_s", (System.nanoTime() - t0) / 1e9));
    });
  }

  /**
   * Publishes the run: exports (not for a history run: the exports keep the latest run), the
   * succeeded mark (the run's last write), then the report (so it says succeeded) and the
   * tables and latest_* views registered by name. A failed run cannot be published; a
   * succeeded one can be published again.
   */
  public PublishJob.Result publish() {
    settleBehind();
    ModelRun run = runs.beginStage(runId, PublishJob.STAGE, List.of(), takePending());
    Progress progress = Progress.start(PublishJob.STAGE);
    PublishJob job = new PublishJob(spark, settings, runId);
    Map<String, Long> exported;
    try (Heartbeat beat = Heartbeat.hold(runs, runId, settings.runs().heartbeatEvery())) {
      exported = run.history() ? Map.of() : job.export();
      runs.succeed(runId);
    } catch (RuntimeException e) {
      failed(PublishJob.STAGE, e);
      throw e;
    }
    job.exportRuns();
    boolean report = job.report(Reports.of(warehouse, run()));
    job.register(RunHistory::latestRunSql);
    PublishJob.Result r = new PublishJob.Result(runId, exported, warehouse.exportsDir(),
        report);
    progress.finish(r.counts());
    return r;
  }

  /**
   * A stage's result and what runs/ records of it: model_runs columns and step seconds; behind:
   * its tables' writes still in flight (chained only), null when they have landed.
   */
  private record Done<T>(T result, Map<String, Object> fields, Map<String, Double> seconds,
      CompletableFuture<Double> behind) {
    Done(T result, Map<String, Object> fields, Map<String, Double> seconds) {
      this(result, fields, seconds, null);
    }
  }

  /** A stage done but for its tables, still being written (they complete with their seconds). */
  private record Behind(String stage, CompletableFuture<Double> written,
      Map<String, Object> fields, Map<String, Double> seconds) {
    /** Its end, as of now: its writes have just landed, after writeSeconds. */
    RunRegistry.Finished finished(double writeSeconds) {
      Map<String, Double> s = new LinkedHashMap<>(seconds);
      s.put("write_s", writeSeconds);
      return new RunRegistry.Finished(stage, fields, s, java.time.Instant.now());
    }
  }

  /** Recording a stage's begin failed on the thread that waited for the stage before. */
  private static final class BeginFailed extends RuntimeException {
    BeginFailed(RuntimeException cause) {
      super(Errors.describe(cause), cause);
    }
  }

  /** The stage before failed (its tables' writes behind did): this stage never began. */
  private static final class StageBeforeFailed extends RuntimeException {
    private final String stage;

    StageBeforeFailed(String stage, Throwable cause) {
      super(stage + ": " + Errors.describe(cause), cause);
      this.stage = stage;
    }
  }

  /**
   * Runs one attempt of a stage: begins it in the run's stage record (a retry deletes the
   * rows the earlier attempt wrote to the stage's tables), keeps the heartbeat while it works,
   * records its result; on an exception records the failed attempt and rethrows. When the stage
   * before is still writing its tables, the begin is recorded once they land, while the work
   * runs; the work asks for the begun record ({@code run.get()}) before it writes anything.
   * If those writes fail, the stage before is recorded failed and this one never began.
   */
  private <T> T stage(String name, List<String> tables,
      Function<Supplier<ModelRun>, Done<T>> work) {
    boolean recordedBegin = name.equals(begun);
    begun = null;
    Behind before = behind;
    behind = null;
    CompletableFuture<ModelRun> begin;
    if (recordedBegin) {
      begin = CompletableFuture.completedFuture(null);
    } else if (before == null) {
      begin = CompletableFuture.completedFuture(
          runs.beginStage(runId, name, tables, takePending()));
    } else {
      // the stage before is done but for its tables, still being written: this stage's work
      // starts now and its begin is recorded, in one commit with the end of the stage before,
      // once those have landed; the work waits for that before it writes (run.get())
      begin = Parallel.start("runs-begin-" + name, () -> {
        double secs;
        try {
          secs = Parallel.join(before.written());
        } catch (RuntimeException e) {
          throw new StageBeforeFailed(before.stage(), e);
        }
        try {
          return runs.beginStage(runId, name, tables, before.finished(secs));
        } catch (RuntimeException e) {
          throw new BeginFailed(e);
        }
      });
    }
    try (Heartbeat beat = Heartbeat.hold(runs, runId, settings.runs().heartbeatEvery())) {
      Done<T> d = work.apply(() -> Parallel.join(begin));
      Parallel.join(begin); // recorded before the stage ends
      if (chained && d.behind() != null) {
        behind = new Behind(name, d.behind(), d.fields(), d.seconds());
      } else if (chained) {
        pending = new RunRegistry.Finished(name, d.fields(), d.seconds(), java.time.Instant.now());
      } else {
        runs.finishStage(runId, name, d.fields(), d.seconds());
      }
      return d.result();
    } catch (RuntimeException e) {
      // no begin left running behind the failure; a stage that never began is not failed
      begin.handle((r, x) -> null).join();
      RuntimeException why = begin.isCompletedExceptionally() ? failureOf(begin) : null;
      if (why != null && why != e) {
        e.addSuppressed(why);
      }
      if (why instanceof StageBeforeFailed first) {
        failed(first.stage, first);
      } else if (why instanceof BeginFailed b) {
        if (e == b && b.getCause() instanceof RuntimeException original) {
          throw original; // as the direct path throws it (a usage error stays one)
        }
      } else {
        failed(name, e);
      }
      throw e;
    }
  }

  private static RuntimeException failureOf(CompletableFuture<?> f) {
    try {
      Parallel.join(f);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /**
   * Waits for the tables of a stage written behind: its end becomes the pending one (recorded
   * with the next begin), or its failure is recorded and thrown.
   */
  private void settleBehind() {
    Behind b = behind;
    behind = null;
    if (b == null) {
      return;
    }
    double secs;
    try {
      secs = Parallel.join(b.written());
    } catch (RuntimeException e) {
      failed(b.stage(), e);
      throw e;
    }
    pending = b.finished(secs);
  }

  /** The run whose topics this run's stable ids follow (null: none). */
  private String previousOf(ModelRun record) {
    if (latest != null && !record.history()) {
      return latest.filter(id -> !id.equals(runId)).orElse(null);
    }
    return history.previousOf(record).orElse(null);
  }

  /** The run's record as its stage began (null when begun with the start: read now). */
  private ModelRun recorded(ModelRun begin) {
    return begin != null ? begin : run();
  }

  /** Unpersists the features kept for the topics stage, if any. */
  private void release() {
    FeaturesJob.Kept k = kept;
    kept = null;
    if (k != null) {
      k.close();
    }
  }

  private RunRegistry.Finished takePending() {
    RunRegistry.Finished f = pending;
    pending = null;
    return f;
  }

  private void failed(String stage, RuntimeException e) {
    try {
      runs.stageFailed(runId, stage, stage + ": " + Errors.describe(e));
    } catch (RuntimeException again) {
      e.addSuppressed(again);
    }
  }
}
