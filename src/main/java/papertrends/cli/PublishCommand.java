package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.publish.PublishJob;
import papertrends.runs.RunStages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `papertrends publish`: exports, report, and the run's succeeded status. */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = {"Publish an analysis run: register the tables and latest_* views, export the"
        + " run's gold tables as Parquet and CSV under <warehouse>/exports/<table>/, write the"
        + " report, then mark the run succeeded (its last write: latest_* views now show it)."},
    footer = {"", "Example: jobs/papertrends publish --run r20261126T171500-1a2b3c"})
public final class PublishCommand extends JobCommand {
  @Mixin
  RunOption runOption = new RunOption();

  @Override
  protected String jobName() {
    return "publish";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse warehouse = new Warehouse(spark, settings);
    String runId = runOption.resolve(warehouse);
    PublishJob.Result r = new RunStages(spark, settings, runId).publish();
    System.out.println("published run " + runId + ": " + r.counts());
    System.out.println("exports: " + r.exportsDir());
    return Main.OK;
  }
}
