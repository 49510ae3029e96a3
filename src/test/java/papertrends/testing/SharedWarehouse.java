package papertrends.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Warehouse;
import papertrends.runs.PipelineJob;

/**
 * ONE pipeline warehouse per test JVM, built lazily on first use: the arXiv API CSV set
 * (1,586 papers, 2002-2026) through ingest → features → topics → trends → publish with a small,
 * seeded model (k = 8, 10 LDA iterations, yearly trends), and its DuckDB file (bi step).
 * Report, notebook, trend and BI tests read it; they must not write to it.
 */
public final class SharedWarehouse {
  /** Settings overrides of the shared run (tests may reuse them for their own runs). */
  public static final String[] SETTINGS = {"topics.k=8", "topics.max-iterations=10",
      "trends.granularity=year"};

  /** The built warehouse: its folder, settings and the succeeded run's id. */
  public record Fixture(Path root, Settings settings, String runId) {
    public Warehouse warehouse() {
      return new Warehouse(TestSpark.session(), settings);
    }
  }

  private static Fixture fixture;

  private SharedWarehouse() {}

  /** The shared warehouse, built on first call (about a minute on 2 cores). */
  public static synchronized Fixture get() {
    if (fixture == null) {
      try {
        Path root = Files.createTempDirectory("papertrends-shared-wh-");
        // the pipeline's bi step too: BiDatabaseTest reads its DuckDB file
        Settings settings = TestSpark.settings(root, java.util.stream.Stream.concat(
            java.util.Arrays.stream(SETTINGS), java.util.stream.Stream.of("bi.enabled=true"))
            .toArray(String[]::new));
        IngestJob ingest = new IngestJob(TestSpark.session(), settings, List.of(
            new IngestJob.Input(TestSpark.data("arxiv-api-csv"), "csv", "arxiv-api-csv")),
            LocalDate.of(2026, 11, 26), false);
        PipelineJob.Result r = new PipelineJob(TestSpark.session(), settings)
            .run(ingest, new PipelineJob.Options(true, true));
        fixture = new Fixture(root, settings, r.outcome().orElseThrow().runId());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return fixture;
  }
}
