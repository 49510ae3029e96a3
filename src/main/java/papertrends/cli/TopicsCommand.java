package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.RunStages;
import papertrends.topics.TopicsJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends topics`: fits LDA for a run, or scores papers with a pinned model run. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Fit the LDA topic model of a run (k fixed by papertrends.topics.k or chosen"
        + " from k-candidates by NPMI and held-out perplexity) and write topics, topic_terms,"
        + " doc_topics and doc_topic_weights.",
        "Continues --run, else the newest running run (started by features).",
        "With --model-run RUN_ID: no refit; the current papers are scored with that run's saved"
            + " features and LDA model under a new run (mode pinned), or under --run."},
    footer = {"", "Examples:", "  jobs/papertrends topics --set papertrends.topics.k=10",
        "  jobs/papertrends topics --model-run r20261126T171500-1a2b3c"})
public final class TopicsCommand extends JobCommand {
  @Option(names = "--run", paramLabel = "RUN_ID", description = "The run to continue.")
  String run;

  @Option(names = "--model-run", paramLabel = "RUN_ID",
      description = "Score with this run's saved models instead of fitting (pinned mode).")
  String modelRun;

  @Override
  protected String jobName() {
    return "topics";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    if (modelRun != null) {
      AnalysisRuns.resolve(w, modelRun);
    }
    String runId = modelRun != null && run == null
        ? AnalysisRuns.start(w, settings, AnalysisRuns.PINNED, modelRun)
        : AnalysisRuns.resolve(w, run);
    RunStages stages = new RunStages(spark, settings, runId);
    TopicsJob.Result r = modelRun != null ? stages.score(modelRun) : stages.topics();
    System.out.println("run " + runId + ": " + r.counts());
    return Main.OK;
  }
}
