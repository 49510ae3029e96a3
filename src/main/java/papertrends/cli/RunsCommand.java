package papertrends.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_number;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.ModelRun;
import papertrends.runs.RunComparison;
import papertrends.runs.RunHistory;
import papertrends.runs.RunRegistry;
import papertrends.util.TablePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends runs`: the analysis runs of model_runs, or how two runs' topics compare. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"List the analysis runs (newest first): id, when, status, input versions,"
        + " k, mean NPMI, mode (refit or pinned) and why, the history point of reruns and"
        + " backfills (as_of), each stage's state, time and attempts, the driver's last"
        + " heartbeat, and when maintain pruned the run's rows (pruned_at).",
        "--compare A B matches the topics of two runs by their top terms and shows how their"
            + " shares differ."},
    footer = {"", "Examples:", "  jobs/papertrends runs",
        "  jobs/papertrends runs --compare r20261126T101500-1a2b3c r20261127T101500-4d5e6f",
        "  jobs/papertrends runs --fail r20261127T101500-4d5e6f"})
public final class RunsCommand extends JobCommand {
  @Option(names = "--compare", arity = "2", paramLabel = "RUN_ID",
      description = "Compare the topics of two runs.")
  List<String> compare;

  @Option(names = "--fail", paramLabel = "RUN_ID",
      description = "Give up a running run: mark it failed and delete its rows (a run a"
          + " scheduler will not retry).")
  String fail;

  @Option(names = "--csv", description = "Print CSV (a header line, then rows).")
  boolean csv;

  @Override
  protected String jobName() {
    return "runs";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    if (!w.exists(Tables.MODEL_RUNS)) {
      throw new UsageException("no runs yet under " + w.root()
          + " (jobs/papertrends pipeline starts one)");
    }
    if (fail != null) {
      ModelRun r = new RunHistory(w).get(fail).orElseThrow(() ->
          new UsageException("no run " + fail + " in model_runs"));
      if (!r.running()) {
        throw new UsageException("run " + fail + " is " + r.status()
            + ": only a running run can be failed");
      }
      new RunRegistry(w, settings.runs()).abandon(fail,
          "marked failed by jobs/papertrends runs --fail");
      System.out.println("run " + fail + ": failed; its rows are deleted");
      return Main.OK;
    }
    Dataset<Row> out;
    if (compare != null) {
      out = RunComparison.compare(w, compare.get(0), compare.get(1))
          .withColumn("term_overlap", format_number(col("term_overlap"), 2))
          .withColumn("share_a", format_number(col("share_a"), 4))
          .withColumn("share_b", format_number(col("share_b"), 4))
          .withColumn("share_diff", format_number(col("share_diff"), 4));
    } else {
      out = new RunHistory(w).listing();
    }
    TablePrinter.print(out, 100_000, csv, System.out);
    System.out.flush();
    return Main.OK;
  }
}
