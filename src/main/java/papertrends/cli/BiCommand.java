package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Warehouse;
import papertrends.publish.BiDatabase;
import papertrends.runs.BiStep;
import picocli.CommandLine.Command;

/** `papertrends bi`: the DuckDB file of the exports for BI tools. */
@Command(name = "bi", mixinStandardHelpOptions = true,
    description = {"Build <warehouse>/exports/papertrends.duckdb from the exports: every exported"
        + " table (the gold tables with every published run's rows, papers, model_runs) and the"
        + " latest_* views, replacing the file whole. Superset, Metabase, Grafana and the DuckDB"
        + " CLI open it without Spark (docs/bi.md).",
        "pipeline runs this step after publish unless papertrends.bi.enabled = false. Needs the"
            + " DuckDB JDBC driver, which the launcher puts on the driver's class path (it is not"
            + " in the application jar)."},
    footer = {"", "Example: jobs/papertrends bi && duckdb -readonly warehouse/exports/"
        + "papertrends.duckdb \"SELECT * FROM latest_topics\""})
public final class BiCommand extends JobCommand {
  @Override
  protected String jobName() {
    return BiStep.STAGE;
  }

  @Override
  protected void validate(Settings settings) {
    if (!BiDatabase.driverAvailable()) {
      throw new UsageException(BiDatabase.driverMissing());
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) throws Exception {
    BiDatabase.Result r = BiStep.build(new Warehouse(spark, settings), settings);
    System.out.println("wrote " + r.uri() + ": " + r.counts());
    return Main.OK;
  }
}
