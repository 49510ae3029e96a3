package papertrends.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.runs.AnalysisRun;
import papertrends.runs.Replay;
import papertrends.runs.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends backfill`: one as-of run per step between two dates. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Replay the schedule over history: one analysis run per step from --from to"
        + " --to, each on the papers published (or first seen) up to the step's date, refitted"
        + " or pinned as the pipeline's policy says between steps (refit-every-days, drift).",
        "Steps with fewer than --min-docs papers are skipped."},
    footer = {"", "Example: jobs/papertrends backfill --from 2016-12-31 --to 2025-12-31 --every"
        + " year --set trends.granularity=year"})
public final class BackfillCommand extends JobCommand {
  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD",
      description = "First step's date.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD",
      description = "Last date (inclusive).")
  String to;

  @Option(names = "--every", defaultValue = "month", paramLabel = "day|week|month|year",
      description = "Step (default ${DEFAULT-VALUE}).")
  String every;

  @Option(names = "--min-docs", defaultValue = "20", paramLabel = "N",
      description = "Skip steps with fewer papers (default ${DEFAULT-VALUE}).")
  int minDocs;

  private List<LocalDate> steps;

  @Override
  protected String jobName() {
    return "backfill";
  }

  @Override
  protected void validate(Settings settings) {
    LocalDate f = IngestCommand.date("--from", from);
    LocalDate t = IngestCommand.date("--to", to);
    if (t.isBefore(f)) {
      throw new papertrends.config.UsageException("--to " + t + " is before --from " + f);
    }
    steps = Replay.steps(f, t, every);
  }

  @Override
  protected int run(SparkSession spark, Settings settings) throws java.io.IOException {
    List<AnalysisRun.Outcome> runs = new Replay(spark, settings).backfill(steps.get(0),
        LocalDate.parse(to), every, minDocs);
    System.out.printf(Locale.ROOT, "backfill: %d run(s) for %d step(s) from %s to %s every %s%n",
        runs.size(), steps.size(), from, to, every);
    papertrends.io.Warehouse w = new papertrends.io.Warehouse(spark, settings);
    papertrends.runs.BiStep.afterRunsChanged(w, settings);
    for (AnalysisRun.Outcome o : runs) {
      String asOf = new papertrends.runs.RunHistory(w).get(o.runId())
          .map(papertrends.runs.ModelRun::asOf).orElse("");
      System.out.println(asOf + "  " + o.runId() + "  " + o.mode() + "  rising: "
          + String.join(", ", Summary.risingTerms(w, o.runId(), 5)));
    }
    return Main.OK;
  }
}
