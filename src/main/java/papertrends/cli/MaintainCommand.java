package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Warehouse;
import papertrends.runs.Maintenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends maintain`: table upkeep, weekly (prune old runs, OPTIMIZE, VACUUM). */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = {"Table upkeep, run weekly (jobs/crontab, the Airflow DAG):",
        "1. prunes runs that started more than papertrends.maintain.keep-runs-days ago: their"
            + " rows leave the run-keyed tables, their models and exports/<table>/run_id=<run>/"
            + " folders go, their model_runs row stays with pruned_at (rerun --run refuses"
            + " them). Kept: the latest succeeded regular run, the model run of any kept run,"
            + " and the runs in papertrends.maintain.keep. Export folders of failed runs go too.",
        "2. compacts every Delta table (OPTIMIZE) and deletes the files no snapshot younger than"
            + " papertrends.maintain.retention references (VACUUM; papers and paper_sightings"
            + " never below their own delta.deletedFileRetentionDuration, as reruns read their"
            + " history).",
        "Prints per table: live files, files on storage, bytes and rows, before and after."},
    footer = {"", "Examples:", "  jobs/papertrends maintain --dry-run",
        "  jobs/papertrends maintain --set maintain.keep-runs-days=30"})
public final class MaintainCommand extends JobCommand {
  @Option(names = "--dry-run", description = "Print what maintain would do; write nothing.")
  boolean dryRun;

  @Override
  protected String jobName() {
    return "maintain";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    if (w.tableNames().isEmpty()) {
      throw new UsageException("no tables under " + w.root() + " (nothing to maintain)");
    }
    new Maintenance(w, settings).run(dryRun, System.out);
    return Main.OK;
  }
}
