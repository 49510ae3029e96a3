package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.runs.PipelineJob;
import papertrends.runs.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `papertrends pipeline`: the daily job, ingest → features → topics → trends → publish. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"The daily job: ingest what is new, then, when the corpus changed since the"
        + " last succeeded run (or a run did not finish), one analysis run: features → topics →"
        + " trends → publish, in one Spark session, under one run id.",
        "The topic model is refitted every papertrends.pipeline.refit-every-days, or when the"
            + " new papers drift from it (out-of-vocabulary share, log-perplexity); otherwise"
            + " the pinned model of the last refit scores the new papers. model_runs records"
            + " mode and mode_reason.",
        "Without --input it reads papertrends.ingest.sources (conf/local.conf: the bundled"
            + " trending page)."},
    footer = {"", "Examples:", "  jobs/papertrends pipeline",
        "  jobs/papertrends pipeline --input ../shared/data/arxiv-api-csv --format csv"
            + " --mapping arxiv-api-csv --set trends.granularity=year",
        "  jobs/papertrends pipeline --master spark://127.0.0.1:7077   (after jobs/cluster"
            + " start)"})
public final class PipelineCommand extends JobCommand {
  @Mixin
  InputOptions input = new InputOptions();

  @Option(names = "--force", description = "Start an analysis run even when nothing changed.")
  boolean force;

  @Option(names = "--refit", description = "Refit the topic model whatever the policy says.")
  boolean refit;

  @Option(names = "--dry-run", description = "Say what the run would do (the files it would"
      + " ingest, whether an analysis run is due, refit or pinned and why) and write nothing.")
  boolean dryRun;

  @Override
  protected String jobName() {
    return "pipeline";
  }

  @Override
  protected void validate(Settings settings) {
    input.inputs(settings);
  }

  @Override
  protected int run(SparkSession spark, Settings settings) throws Exception {
    if (dryRun) {
      System.out.println("dry run (nothing written): warehouse " + settings.warehouse());
      new PipelineJob(spark, settings).plan(input.job(spark, settings),
          new PipelineJob.Options(force, refit)).forEach(System.out::println);
      return Main.OK;
    }
    PipelineJob.Result r = new PipelineJob(spark, settings)
        .run(input.job(spark, settings), new PipelineJob.Options(force, refit));
    Summary.print(System.out, new Warehouse(spark, settings), r.ingest(),
        r.outcome().orElse(null), r.reason());
    return Main.OK;
  }
}
