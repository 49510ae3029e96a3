package papertrends.runs;

import papertrends.config.UsageException;
import papertrends.io.Warehouse;
import papertrends.publish.Report;
import papertrends.publish.ReportModel;

/** The report of a recorded run: its model_runs record handed to publish's Report. */
public final class Reports {
  private Reports() {}

  /** What the report shows of a run: its record, and its papers and sightings as it read them. */
  public static Report.Run of(Warehouse w, ModelRun m) {
    return new Report.Run(m.runId(), m.status(), m.mode(), m.startedAt(), m.finishedAt(),
        m.docs(), m.k(), m.optimizer(), m.seed(), m.meanNpmi(), m.logPerplexity(),
        m.vocabSize(), m.papersVersion(), m.inputVersions(), m.codeVersion(),
        AnalysisRuns.papers(w, m), AnalysisRuns.sightings(w, m));
  }

  /** The run of a report: the given id, else the newest succeeded run of any kind. */
  public static Report.Run of(Warehouse w, String runId) {
    RunHistory h = new RunHistory(w);
    ModelRun m = (runId == null ? h.latestOfAnyKind() : h.get(runId)).orElseThrow(() ->
        new UsageException(runId == null ? "no succeeded run in model_runs: nothing to report"
            : "run " + runId + " is not in model_runs"));
    return of(w, m);
  }

  /** Collects a run's report (the newest succeeded run when runId is null). */
  public static ReportModel build(Warehouse w, String runId, Report.Limits limits) {
    return Report.build(w, of(w, runId), limits);
  }

  /** Writes a run's report (the newest succeeded run when runId is null). */
  public static Report.Result write(Warehouse w, String runId, Report.Limits limits) {
    return Report.write(w, of(w, runId), limits);
  }
}
