package papertrends.cli;

import java.util.function.Supplier;
import papertrends.config.UsageException;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.RunRegistry;
import picocli.CommandLine.Option;

/** --run RUN_ID of the stages that continue an analysis run (default: newest running run). */
public class RunOption {
  @Option(names = "--run", paramLabel = "RUN_ID",
      description = "The analysis run to continue (default: the newest run still running).")
  String run;

  /** The run id given, else the newest running run; a usage error when there is none. */
  public String resolve(Warehouse warehouse) {
    return AnalysisRuns.resolve(warehouse, run);
  }

  /**
   * Runs a stage of a run; a failure (not a usage error) marks the run failed with its one-line
   * reason before it is rethrown, so latest_* views never show it.
   */
  public static <T> T failRunOnError(Warehouse warehouse, String stage, String runId,
      Supplier<T> job) {
    try {
      return job.get();
    } catch (RuntimeException e) {
      if (!(e instanceof UsageException)) {
        new RunRegistry(warehouse).fail(runId, stage + ": " + Main.describe(e));
      }
      throw e;
    }
  }
}
