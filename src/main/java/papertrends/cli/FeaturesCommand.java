package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.features.FeaturesJob;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.RunHistory;
import papertrends.runs.RunStages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `papertrends features`: starts an analysis run and fits the text features. */
@Command(name = "features", mixinStandardHelpOptions = true,
    description = {"Start an analysis run (mode refit) on the current papers and fit its text"
        + " features: cleaning, stopwords, plural folding, corpus phrases, CountVectorizer + IDF.",
        "Writes doc_features, vocabulary and doc_keywords; saves the models under"
            + " <warehouse>/models/<run_id>. Prints the run id; continue with: topics."},
    footer = {"", "Example: jobs/papertrends features && jobs/papertrends topics"})
public final class FeaturesCommand extends JobCommand {
  @Option(names = "--run", paramLabel = "RUN_ID",
      description = {"Continue this run (its recorded papers version) instead of starting one;",
          "a run id not yet in model_runs (a scheduler's, such as the Airflow DAG's first task)"
              + " starts the run under that id."})
  String run;

  @Override
  protected String jobName() {
    return "features";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    String runId;
    if (run == null) {
      runId = AnalysisRuns.start(w, settings, AnalysisRuns.REFIT, null);
    } else if (w.exists(papertrends.io.Tables.MODEL_RUNS)
        && new RunHistory(w).get(run).isPresent()) {
      runId = AnalysisRuns.resolve(w, run);
    } else {
      runId = AnalysisRuns.start(w, settings, AnalysisRuns.REFIT, null, run);
    }
    FeaturesJob.Result r = new RunStages(spark, settings, runId).features();
    System.out.println("run " + runId + ": " + r.counts());
    return Main.OK;
  }
}
