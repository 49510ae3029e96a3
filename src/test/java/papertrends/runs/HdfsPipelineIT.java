package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.Hdfs;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * The daily pipeline with its landing folder and warehouse on a real HDFS (in process, the test
 * JVM's one cluster), in the shared session: day one equals, value for value, the same
 * pipeline on a local folder; day two takes only the new landing file; an exact rerun from
 * HDFS equals its original; SQL answers over the HDFS tables; report, exports and the DuckDB
 * file are in HDFS.
 */
class HdfsPipelineIT {
  static final Set<String> VOLATILE = RunsFixture.VOLATILE;

  static SparkSession spark;
  static Settings settings;
  static Warehouse w;
  static Path localRun;
  static String landing;
  static PipelineJob.Result day1;
  static Map<String, Long> day1Versions = new HashMap<>();
  static PipelineJob.Result day2;
  static AnalysisRun.Outcome replay;

  @BeforeAll
  static void runOnHdfs() throws Exception {
    localRun = RunsFixture.spcLocalRun();
    spark = TestSpark.session();
    String root = Hdfs.folder("pipeline-it");
    landing = root + "/landing";
    String wh = root + "/pt";
    settings = TestSpark.settings(wh, RunsFixture.SMALL_MODEL);
    w = new Warehouse(spark, settings);
    Hdfs.put(Path.of(RunsFixture.SPC), landing + "/spc_arxiv_metadata.csv");
    // day one publishes nothing: day two's report, exports and DuckDB file replace its own,
    // and those of day two are what the tests below read
    day1 = day(wh, "publish.report=false", "publish.exports=false", "bi.enabled=false");
    for (String t : RunsFixture.COMPARED_TABLES) {
      if (w.exists(t)) {
        day1Versions.put(t, w.version(t));
      }
    }
    // day two: a new file lands beside the one already taken
    Hdfs.put(Path.of(TestSpark.data("openalex/works.json")), landing + "/works.json");
    day2 = day(wh);
    replay = new Replay(spark, settings).rerun(day1.outcome().orElseThrow().runId());
  }

  /**
   * One pipeline run over the HDFS landing folder, each file's format detected. Day two scores
   * the new papers with day one's model loaded from HDFS and stays pinned (a refit after drift
   * would only cost time here: the drift policy has its own test).
   */
  static PipelineJob.Result day(String wh, String... more) throws Exception {
    List<String> sets = new java.util.ArrayList<>(List.of("pipeline.max-oov-share=1.0",
        "pipeline.max-perplexity-increase=1000",
        // the bi step too: its DuckDB file is written into HDFS
        "bi.enabled=true"));
    sets.addAll(List.of(more));
    return RunsFixture.pipelineInProcess(wh, new IngestJob.Input(landing, "auto",
        "arxiv-api-csv"), sets.toArray(String[]::new));
  }

  static Dataset<Row> local(String table) {
    return spark.read().format("delta").load(localRun.resolve("tables").resolve(table)
        .toString());
  }

  /** The model_runs row of a run. */
  static Row run(String runId) {
    return rows(Tables.MODEL_RUNS, runId).first();
  }

  static Dataset<Row> rows(String table, String runId) {
    return w.read(table).where(col("run_id").equalTo(runId));
  }

  @Test
  void theWarehouseIsOnHdfs() {
    assertTrue(w.root().startsWith(Hdfs.uri() + "/"), w.root());
    assertTrue(w.tablePath(Tables.PAPERS).startsWith("hdfs://"), w.tablePath(Tables.PAPERS));
  }

  @Test
  void dayOneOnHdfsEqualsTheSamePipelineOnALocalFolderValueForValue() {
    AnalysisRun.Outcome o = day1.outcome().orElseThrow();
    assertEquals(156, day1.ingest().inserted());
    int compared = 0;
    for (String table : RunsFixture.COMPARED_TABLES) {
      boolean here = localRun.resolve("tables").resolve(table).toFile().isDirectory();
      assertEquals(here, day1Versions.containsKey(table), table);
      if (!here) {
        continue;
      }
      Dataset<Row> onHdfs = w.readVersion(table, day1Versions.get(table));
      compared += TableAssert.assertSameRows(table, local(table), onHdfs, VOLATILE, 1e-9);
    }
    assertTrue(compared > 156 * 4, "rows compared: " + compared);
    assertEquals("succeeded", run(o.runId()).getAs("status"));
  }

  @Test
  void dayTwoTakesOnlyTheNewFileAndRunsAgain() {
    assertEquals(1, day2.ingest().filesTaken(), day2.ingest().counts());
    assertEquals(1, day2.ingest().filesSkipped(), day2.ingest().counts());
    assertTrue(day2.ingest().inserted() > 40, day2.ingest().counts());
    Row r = run(day2.outcome().orElseThrow().runId());
    assertEquals("succeeded", r.getAs("status"));
    // scored with day one's models, loaded back from HDFS
    assertEquals("pinned", r.getAs("mode"), r.<String>getAs("mode_reason"));
    assertEquals(day1.outcome().orElseThrow().runId(), r.getAs("model_run_id"));
    assertEquals(156L + day2.ingest().inserted(), r.<Long>getAs("docs"));
    assertEquals(156L + day2.ingest().inserted(), w.read(Tables.PAPERS).count());
    List<Row> files = w.read(Tables.INGEST_FILES).orderBy("path").collectAsList();
    assertEquals(2, files.size());
    assertTrue(files.get(0).<String>getAs("path").startsWith("hdfs://"), files.toString());
  }

  @Test
  void anExactRerunFromHdfsEqualsItsOriginal() {
    String orig = day1.outcome().orElseThrow().runId();
    Row r = run(replay.runId());
    assertEquals("succeeded", r.getAs("status"));
    assertEquals("run:" + orig, r.getAs("as_of"));
    assertEquals(156L, r.<Long>getAs("docs"));
    int compared = 0;
    for (String t : List.of(Tables.TOPICS, Tables.TOPIC_TERMS, Tables.DOC_TOPICS,
        Tables.DOC_TOPIC_WEIGHTS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS)) {
      compared += TableAssert.assertSameRows(t, rows(t, orig), rows(t, replay.runId()),
          Set.of("run_id"), 1e-9);
    }
    assertTrue(compared > 156 * 4, "rows compared: " + compared);
  }

  @Test
  void sqlAnswersOverTheHdfsTables() {
    List<String> names = RunHistory.registerViews(w);
    assertTrue(names.containsAll(List.of(Tables.PAPERS, "latest_topics")), names.toString());
    Row papers = spark.sql("SELECT count(*), count(DISTINCT source) FROM papers").first();
    assertEquals(156L + day2.ingest().inserted(), papers.getLong(0));
    assertEquals(2L, papers.getLong(1));
    long topics = spark.sql("SELECT * FROM latest_topics").count();
    assertEquals(4L, topics);
  }

  @Test
  void reportAndExportsAreInHdfs() throws Exception {
    String html = w.storage().readString(w.reportDir() + "/index.html");
    assertTrue(html.contains("data-topic"), "report has topic cards");
    assertTrue(w.reportDir().startsWith("hdfs://"), w.reportDir());
    String parquet = w.exportsDir() + "/" + Tables.TOPICS + "/" + Tables.TOPICS + ".parquet";
    Dataset<Row> exported = spark.read().parquet(parquet);
    RunHistory.registerViews(w);
    TableAssert.assertSameRows("exported topics",
        spark.sql("SELECT topic_id, label, prevalence FROM latest_topics"),
        exported.select("topic_id", "label", "prevalence"), Set.of(), 1e-9);
    // only the two whole files: no temporary folder or part file left beside them
    List<String> files = java.util.Arrays.stream(Hdfs.fs().listStatus(
        new org.apache.hadoop.fs.Path(w.exportsDir() + "/" + Tables.TOPIC_TRENDS)))
        .map(f -> f.getPath().getName()).sorted().toList();
    // beside them, one run_id= folder per published run (each with its two files)
    assertEquals(List.of(Tables.TOPIC_TRENDS + ".csv", Tables.TOPIC_TRENDS + ".parquet"),
        files.stream().filter(f -> !f.startsWith("run_id=")).toList());
    assertTrue(files.stream().anyMatch(f -> f.startsWith("run_id=")), files.toString());
  }

  @Test
  void theDuckDbFileIsInHdfsAndAnswersLikeSpark() throws Exception {
    String uri = papertrends.publish.BiDatabase.uri(w);
    assertTrue(uri.startsWith("hdfs://"), uri);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(uri);
    assertTrue(Hdfs.fs().getFileStatus(file).getLen() > 0, uri);
    Path local = java.nio.file.Files.createTempDirectory("hdfs-duckdb-").resolve("copy.duckdb");
    Hdfs.fs().copyToLocalFile(file, new org.apache.hadoop.fs.Path(local.toUri()));
    RunHistory.registerViews(w);
    Row spark1 = spark.sql("SELECT count(*), min(run_id), sum(prevalence) FROM latest_topics")
        .first();
    java.util.Properties readOnly = new java.util.Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (java.sql.Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:" + local,
        readOnly);
        java.sql.Statement st = duck.createStatement();
        java.sql.ResultSet rs = st.executeQuery(
            "SELECT count(*), min(run_id), sum(prevalence) FROM latest_topics")) {
      assertTrue(rs.next());
      assertEquals(spark1.getLong(0), rs.getLong(1));
      assertEquals(day2.outcome().orElseThrow().runId(), rs.getString(2));
      assertEquals(spark1.getString(1), rs.getString(2));
      assertEquals(spark1.getDouble(2), rs.getDouble(3), 1e-9);
    }
  }
}
