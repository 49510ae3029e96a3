package papertrends.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import papertrends.io.Tables;

/** Arguments and table lists shared by the runs integration tests (and CatalogIT). */
public final class RunsFixture {
  private RunsFixture() {}

  /** Tables compared between two equal runs. */
  static final List<String> COMPARED_TABLES = List.of(Tables.PAPERS, Tables.PAPER_SIGHTINGS,
      Tables.REJECTS, Tables.MODEL_RUNS, Tables.TOPICS, Tables.TOPIC_TERMS, Tables.DOC_TOPICS,
      Tables.DOC_KEYWORDS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.VOCABULARY,
      Tables.DOC_TOPIC_WEIGHTS);

  /** Columns that differ between two equal runs (ids, times, paths, the build). */
  static final java.util.Set<String> VOLATILE = java.util.Set.of("run_id", "ingest_batch_id",
      "started_at", "finished_at", "ingested_at", "rejected_at", "config", "timings",
      "model_path", "model_run_id", "path", "code_version", "error", "input_versions",
      "heartbeat_at", "stages");

  /** Small, fast, seeded settings: a fixed k, few iterations, yearly trends. */
  static List<String> smallModel(Path warehouse) {
    return smallModel(warehouse.toString());
  }

  /** The same for a warehouse URI (hdfs://…). */
  static List<String> smallModel(String warehouse) {
    return List.of("--set", "warehouse=\"" + warehouse + "\"",
        "--set", "spark.driver-memory=1g",
        "--set", "spark.shuffle-partitions=2",
        "--set", "spark.conf.\"spark.executor.memory\"=512m",
        // the tests' HDFS has one DataNode
        "--set", "spark.conf.\"spark.hadoop.dfs.replication\"=1",
        "--set", "topics.k=4", "--set", "topics.max-iterations=10",
        // passes 6-10 keep each paper's gamma (BatchPasses), so the runs exercise it
        "--set", "topics.warm-doc-topics-after=5",
        "--set", "trends.granularity=year");
  }

  /** The same small model as settings overrides, for runs in the test JVM. */
  public static final String[] SMALL_MODEL = {"spark.shuffle-partitions=2", "topics.k=4",
      "topics.max-iterations=10", "topics.warm-doc-topics-after=5", "trends.granularity=year"};

  /** A pipeline run in the test JVM's session (local[2]) on an arXiv API CSV file. */
  static PipelineJob.Result pipelineInProcess(Path warehouse, String csv, String... sets)
      throws java.io.IOException {
    return pipelineInProcess(warehouse.toAbsolutePath().toString(), csv, sets);
  }

  /** The same with the warehouse (and the input) any Hadoop URI. */
  static PipelineJob.Result pipelineInProcess(String warehouse, String csv, String... sets)
      throws java.io.IOException {
    return pipelineInProcess(warehouse,
        new papertrends.ingest.IngestJob.Input(csv, "csv", "arxiv-api-csv"), sets);
  }

  /** The same with any input (a landing folder read with --format auto, say). */
  static PipelineJob.Result pipelineInProcess(String warehouse,
      papertrends.ingest.IngestJob.Input input, String... sets) throws java.io.IOException {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(SMALL_MODEL),
        java.util.Arrays.stream(sets)).toArray(String[]::new);
    papertrends.config.Settings s = papertrends.testing.TestSpark.settings(warehouse, all);
    org.apache.spark.sql.SparkSession spark = papertrends.testing.TestSpark.session();
    papertrends.ingest.IngestJob ingest = new papertrends.ingest.IngestJob(spark, s,
        List.of(input), null, false);
    return new PipelineJob(spark, s).run(ingest, new PipelineJob.Options(false, false));
  }

  /** The small real corpus of the runs tests: one arXiv API CSV file, 156 papers, 2002-2026. */
  static final String SPC = papertrends.testing.TestSpark.data(
      "arxiv-api-csv/spc_arxiv_metadata.csv");

  /**
   * The header and the first {@code records} records of {@link #SPC} (newest first: 60 records
   * span 2022-2026), written as {@code spc-slice.csv} into dir: a smaller real corpus for tests
   * that run the pipeline many times. A record ends at a line break outside quotes.
   */
  static String spcSlice(java.nio.file.Path dir, int records) throws java.io.IOException {
    StringBuilder out = new StringBuilder();
    int taken = -1;
    boolean quoted = false;
    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(SPC))) {
      out.append(line).append('\n');
      quoted ^= line.chars().filter(c -> c == '"').count() % 2 == 1;
      if (!quoted && ++taken == records) {
        break;
      }
    }
    java.nio.file.Path csv = dir.resolve("spc-slice.csv");
    java.nio.file.Files.writeString(csv, out);
    return csv.toString();
  }

  private static java.nio.file.Path spcLocal;

  /**
   * ONE local[2] pipeline run of {@link #SPC} with the small model per test JVM, built on first
   * use and never written to after: tests compare against it, or copy it
   * ({@link #copyOfSpcRun}) to go on from it.
   */
  public static synchronized java.nio.file.Path spcLocalRun() throws java.io.IOException {
    if (spcLocal == null) {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("papertrends-spc-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      pipelineInProcess(dir.resolve("wh"), SPC).outcome().orElseThrow();
      spcLocal = dir.resolve("wh");
    }
    return spcLocal;
  }

  /** A copy of the shared SPC warehouse at `to` (Delta tables are relative to their folder). */
  static void copyOfSpcRun(java.nio.file.Path to) throws java.io.IOException {
    java.nio.file.Path from = spcLocalRun();
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(from)) {
      for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
        java.nio.file.Path q = to.resolve(from.relativize(p).toString());
        if (java.nio.file.Files.isDirectory(p)) {
          java.nio.file.Files.createDirectories(q);
        } else {
          java.nio.file.Files.copy(p, q, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(java.nio.file.Path dir) {
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      // a temp folder left behind
    }
  }

  /** jobs/papertrends arguments of a pipeline run on a CSV file of the arXiv API set. */
  static String[] pipelineArgs(String master, Path warehouse, String csv) {
    return pipelineArgs(master, warehouse.toString(), csv);
  }

  /** The same with the warehouse and the input any Hadoop URI (hdfs://…). */
  static String[] pipelineArgs(String master, String warehouse, String csv) {
    List<String> a = new ArrayList<>(List.of("pipeline", "--master", master, "--input", csv,
        "--format", "csv", "--mapping", "arxiv-api-csv"));
    a.addAll(smallModel(warehouse));
    return a.toArray(String[]::new);
  }
}
