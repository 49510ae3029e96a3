package papertrends.cli;

import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.TopicLabels;
import papertrends.io.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `papertrends label`: sets or clears the curated label of a topic (by stable_topic_id). */
@Command(name = "label", mixinStandardHelpOptions = true,
    description = {"Give a topic a label of your own (topic_labels). It wins over the generated"
        + " label in latest_topics, latest_topic_trends, the exports and the report, and stays"
        + " with the topic across refits because it follows stable_topic_id.",
        "--clear removes it, so the generated label shows again."},
    footer = {"", "Examples:",
        "  jobs/papertrends sql \"SELECT stable_topic_id, label FROM latest_topics\"",
        "  jobs/papertrends label 3 \"Control charts for process monitoring\"",
        "  jobs/papertrends label 3 --clear"})
public final class LabelCommand extends JobCommand {
  @Parameters(index = "0", paramLabel = "STABLE_ID",
      description = "The topic's stable_topic_id (see latest_topics).")
  int stableId;

  @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT",
      description = "The label (one line, up to 120 characters).")
  String text;

  @Option(names = "--clear", description = "Remove the curated label of the topic.")
  boolean clear;

  @Override
  protected String jobName() {
    return "label";
  }

  @Override
  protected void validate(Settings settings) {
    if (clear == (text != null)) {
      throw new UsageException("give either a label TEXT or --clear (see: jobs/papertrends"
          + " label --help)");
    }
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    if (clear) {
      boolean had = TopicLabels.clear(w, stableId);
      System.err.println("papertrends: label: topic " + stableId + (had
          ? ": curated label removed" : " had no curated label"));
    } else {
      TopicLabels.set(w, stableId, text);
      System.err.println("papertrends: label: topic " + stableId + " is now \""
          + text.strip() + "\"");
    }
    return Main.OK;
  }
}
