package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.runs.RunStages;
import papertrends.trends.TrendsJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `papertrends trends`: topic_trends and term_trends of an analysis run. */
@Command(name = "trends", mixinStandardHelpOptions = true,
    description = {"Aggregate a run's topics and terms per period into topic_trends (share,"
        + " change, z-score, hot/cold/steady) and term_trends (doc frequency, TF-IDF mass,"
        + " log-odds rising score, first period seen).",
        "Periods: papertrends.trends.granularity (day, week, month, quarter, year); groups:"
            + " papertrends.trends.group-by (none, category, source)."},
    footer = {"", "Example: jobs/papertrends trends --set trends.granularity=year"})
public final class TrendsCommand extends JobCommand {
  @Mixin
  RunOption runOption = new RunOption();

  @Override
  protected String jobName() {
    return "trends";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse warehouse = new Warehouse(spark, settings);
    String runId = runOption.resolve(warehouse);
    TrendsJob.Result r = new RunStages(spark, settings, runId).trends();
    System.out.println("trends of run " + runId + ": " + r.counts());
    return Main.OK;
  }
}
