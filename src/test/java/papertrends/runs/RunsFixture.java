package papertrends.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import papertrends.io.Tables;

/** Arguments and table lists shared by the runs integration tests. */
final class RunsFixture {
  private RunsFixture() {}

  /** Tables compared between two equal runs. */
  static final List<String> COMPARED_TABLES = List.of(Tables.PAPERS, Tables.PAPER_SIGHTINGS,
      Tables.REJECTS, Tables.MODEL_RUNS, Tables.TOPICS, Tables.TOPIC_TERMS, Tables.DOC_TOPICS,
      Tables.DOC_KEYWORDS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.VOCABULARY,
      Tables.DOC_TOPIC_WEIGHTS);

  /** Small, fast, seeded settings: a fixed k, few iterations, yearly trends. */
  static List<String> smallModel(Path warehouse) {
    return List.of("--set", "warehouse=\"" + warehouse + "\"",
        "--set", "spark.driver-memory=1g",
        "--set", "spark.shuffle-partitions=2",
        "--set", "spark.conf.\"spark.executor.memory\"=512m",
        "--set", "topics.k=4", "--set", "topics.max-iterations=10",
        "--set", "trends.granularity=year");
  }

  /** jobs/papertrends arguments of a pipeline run on a CSV file of the arXiv API set. */
  static String[] pipelineArgs(String master, Path warehouse, String csv) {
    List<String> a = new ArrayList<>(List.of("ingest", "--master", master, "--input", csv,
        "--format", "csv", "--mapping", "arxiv-api-csv"));
    a.addAll(smallModel(warehouse));
    return a.toArray(String[]::new);
  }
}
