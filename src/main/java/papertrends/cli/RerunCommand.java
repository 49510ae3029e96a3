package papertrends.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRun;
import papertrends.runs.BiStep;
import papertrends.runs.Replay;
import papertrends.runs.Summary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends rerun`: replay a run exactly, or analyse the corpus as of a point in history. */
@Command(name = "rerun", mixinStandardHelpOptions = true,
    description = {"Replay history as a new run (its own run id; model_runs.as_of says which"
        + " point it analysed):",
        "--run RUN_ID: exactly as recorded: papers at the run's Delta version, its config and"
            + " seed, its mode (a pinned run scores with the same model). Its topics and trend"
            + " rows equal the original's.",
        "--as-of DATE: papers published (undated ones: first seen) up to DATE, refitted, or"
            + " with --pinned scored with the model that was current on DATE.",
        "--as-of-version N / --as-of-timestamp TS: papers at a Delta version or timestamp"
            + " (time travel), refitted."},
    footer = {"", "Examples:", "  jobs/papertrends rerun --run r20261126T101500-1a2b3c",
        "  jobs/papertrends rerun --as-of 2020-12-31",
        "  jobs/papertrends rerun --as-of 2026-11-20 --pinned",
        "  jobs/papertrends rerun --as-of-timestamp '2026-11-26 10:00:00'"})
public final class RerunCommand extends JobCommand {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Option(names = "--run", paramLabel = "RUN_ID", description = "Replay this run exactly.")
    String run;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
        description = "Papers published or first seen up to this date.")
    String asOf;

    @Option(names = "--as-of-version", paramLabel = "N",
        description = "The papers table at Delta version N.")
    Long version;

    @Option(names = "--as-of-timestamp", paramLabel = "TS",
        description = "The papers table as it was at this timestamp (UTC).")
    String timestamp;
  }

  @Option(names = "--pinned", description = "With --as-of: score with the model that was current"
      + " on that date (the newest succeeded refit that had finished by then), no refit.")
  boolean pinned;

  @Override
  protected String jobName() {
    return "rerun";
  }

  @Override
  protected void validate(Settings settings) {
    IngestCommand.date("--as-of", which.asOf);
    if (pinned && which.asOf == null) {
      throw new UsageException("--pinned goes with --as-of DATE");
    }
    if (which.timestamp != null && !which.timestamp.matches(
        "\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?Z?")) {
      throw new UsageException("--as-of-timestamp needs YYYY-MM-DD[ HH:MM[:SS]], got: "
          + which.timestamp);
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) throws java.io.IOException {
    Replay replay = new Replay(spark, settings);
    AnalysisRun.Outcome o;
    if (which.run != null) {
      o = replay.rerun(which.run);
    } else if (which.asOf != null) {
      o = replay.asOfDate(LocalDate.parse(which.asOf), pinned);
    } else if (which.version != null) {
      o = replay.asOfVersion(which.version);
    } else {
      o = replay.asOfTimestamp(which.timestamp.replace('T', ' ').replace("Z", ""));
    }
    Warehouse w = new Warehouse(spark, settings);
    BiStep.afterRunsChanged(w, settings);
    PrintStream out = System.out;
    Summary.print(out, w, null, o, null);
    return Main.OK;
  }
}
