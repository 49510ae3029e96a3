package papertrends.runs;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * The daily job: ingest what is new, then, when the corpus differs from the one the last
 * succeeded run analysed (or a run did not finish, or on --force), one analysis run: a refit
 * or pinned scoring, as the incremental policy decides; then the bi step (BiStep) when enabled.
 */
public final class PipelineJob {
  /** Options of a pipeline run. */
  public record Options(boolean force, boolean forceRefit) {}

  /** What the pipeline did; outcome is empty when nothing changed. */
  public record Result(IngestJob.Result ingest, String reason,
      Optional<AnalysisRun.Outcome> outcome) {}

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;

  public PipelineJob(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = new Warehouse(spark, settings);
  }

  /** Runs ingest (the given batch job) then the analysis run when one is due. */
  public Result run(IngestJob ingest, Options options) throws IOException {
    IngestJob.Result in = ingest.run();
    if (!warehouse.exists(Tables.PAPERS) || warehouse.read(Tables.PAPERS).isEmpty()) {
      return new Result(in, "no papers in the warehouse yet", Optional.empty());
    }
    RunHistory history = new RunHistory(warehouse);
    long version = warehouse.version(Tables.PAPERS);
    // read once: whether a run is due, the refit decision and the stable ids all start from it
    Optional<ModelRun> latest = history.latest();
    Optional<String> why = runNeeded(history, latest, version, options.force());
    if (why.isEmpty()) {
      Progress.info("pipeline", "nothing changed: papers version " + version
          + " was analysed by the last succeeded run; no new run (--force runs one anyway)");
      BiStep.refresh(warehouse, settings);
      return new Result(in, "nothing changed", Optional.empty());
    }
    Progress.info("pipeline", "analysis run due: " + why.get());
    RefitPolicy.Decision decision = decide(history, latest, LocalDate.now(ZoneOffset.UTC),
        options.forceRefit());
    AnalysisRun.Spec spec = new AnalysisRun.Spec(warehouse.readVersion(Tables.PAPERS, version),
        version, null, decision, true).withLatestRun(latest.map(ModelRun::runId));
    AnalysisRun.Outcome out = new AnalysisRun(spark, settings).run(RunRegistry.newRunId(), spec);
    BiStep.refresh(warehouse, settings);
    return new Result(in, why.get(), Optional.of(out));
  }

  /**
   * What {@link #run} would do now, in lines a person reads: the landing files it would ingest,
   * whether an analysis run is due and why, and refit or pinned with the reason. Writes nothing.
   */
  public java.util.List<String> plan(IngestJob ingest, Options options) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    papertrends.ingest.LandingScan.Scan scan = ingest.plan();
    out.add("ingest: " + scan.files().size() + " file(s) to read, " + scan.skipped()
        + " already taken");
    scan.files().forEach(f -> out.add("  " + f.path() + " (" + f.size() + " bytes)"));
    boolean papers = warehouse.exists(Tables.PAPERS);
    RunHistory history = papers ? new RunHistory(warehouse) : null;
    Optional<ModelRun> latest = papers ? history.latest() : Optional.empty();
    Optional<String> why;
    if (!scan.files().isEmpty()) {
      why = Optional.of("new landing files (a run follows if they change the papers)");
    } else if (!papers) {
      out.add("analysis: none (no papers in the warehouse and nothing to ingest)");
      return out;
    } else {
      why = runNeeded(history, latest, warehouse.version(Tables.PAPERS), options.force());
    }
    if (why.isEmpty()) {
      out.add("analysis: none: nothing changed since the last succeeded run");
      return out;
    }
    out.add("analysis: a run is due: " + why.get());
    RefitPolicy.Decision d = papers ? decide(history, latest, LocalDate.now(ZoneOffset.UTC),
        options.forceRefit())
        : RefitPolicy.decide(settings.pipeline(), null, null, LocalDate.now(ZoneOffset.UTC),
            options.forceRefit(), false);
    out.add("model: " + d.mode() + (d.modelRunId() == null ? "" : " " + d.modelRunId()) + ": "
        + d.reason() + (d.refit() ? "" : " (unless the new papers drift from it)"));
    return out;
  }

  /**
   * Why a run is due, or empty when the last succeeded run (ok: the latest run) analysed this
   * papers version.
   */
  static Optional<String> runNeeded(RunHistory history, Optional<ModelRun> ok,
      long papersVersion, boolean force) {
    if (force) {
      return Optional.of("--force");
    }
    if (ok.isEmpty()) {
      return Optional.of("no succeeded run yet");
    }
    Optional<ModelRun> last = history.lastRegular();
    String lastId = last.map(ModelRun::runId).orElse(null);
    if (lastId != null && !lastId.equals(ok.get().runId())) {
      return Optional.of("run " + lastId + " did not finish (" + last.get().status() + ")");
    }
    Long analysed = ok.get().papersVersion();
    if (analysed == null || analysed != papersVersion) {
      return Optional.of("papers changed (version " + analysed + " -> " + papersVersion
          + ") since run " + ok.get().runId());
    }
    return Optional.empty();
  }

  /** The incremental policy against the model of the latest run (last succeeded, regular). */
  RefitPolicy.Decision decide(RunHistory history, Optional<ModelRun> latest, LocalDate today,
      boolean forceRefit) {
    Optional<ModelRun> model = latest.flatMap(history::modelRunOf);
    if (model.isEmpty()) {
      return RefitPolicy.decide(settings.pipeline(), null, null, today, forceRefit, false);
    }
    ModelRun m = model.get();
    return RefitPolicy.decide(settings.pipeline(), m.runId(), m.date(), today, forceRefit,
        RunHistory.modelSettingsDiffer(m.config(), settings.json()));
  }
}
