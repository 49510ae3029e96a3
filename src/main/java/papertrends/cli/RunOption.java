package papertrends.cli;

import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
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
}
