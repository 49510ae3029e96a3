package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.Hdfs;
import papertrends.testing.Launcher;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * The driver killed with SIGKILL in the middle of topics, then of trends (the pipeline run as a
 * child process through jobs/papertrends, its warehouse on HDFS, the tests' in-process one): no
 * table shows a half-written state, the killed runs never count as succeeded, and the next
 * pipeline run completes, marks them failed (their heartbeat is stale) and writes no duplicate
 * rows. Then, on a local folder, a run driven stage by stage, as a scheduler does: its topics
 * task stopped by SIGTERM and by SIGKILL is retried under the same run id and the run succeeds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineKillIT {
  static final String CSV = RunsFixture.SPC;
  static final List<String> RUN_TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.DOC_KEYWORDS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS,
      Tables.DOC_FEATURES, Tables.VOCABULARY, Tables.DOC_TOPIC_WEIGHTS);

  static final String REFIT_ALWAYS = "pipeline.refit-every-days=0";

  @TempDir
  static Path tmp;

  /** The warehouse of the tests: a folder on HDFS, then (the staged run) a local folder. */
  static String warehouseUri;

  static String wh() {
    return warehouseUri != null ? warehouseUri : tmp.resolve("wh").toString();
  }

  static Launcher.Outcome pipeline(String killAfterLine, String... extra) {
    List<String> a = new ArrayList<>(List.of("pipeline", "--master", "local[2]", "--input", CSV,
        "--format", "csv", "--mapping", "arxiv-api-csv",
        "--set", REFIT_ALWAYS));
    a.addAll(RunsFixture.smallModel(wh()));
    for (String h : HEARTBEAT) {
      a.addAll(List.of("--set", h));
    }
    a.addAll(List.of(extra));
    return Launcher.run(Launcher.command("papertrends", a.toArray(String[]::new)),
        Launcher.INTERPRETED,
        killAfterLine == null ? null : line -> {
          if (!line.startsWith(killAfterLine)) {
            return false;
          }
          try {
            Thread.sleep(1500); // into the stage's work and writes
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        });
  }

  static Dataset<Row> table(String name) {
    return TestSpark.session().read().format("delta")
        .load(wh() + "/tables/" + name);
  }

  static Warehouse warehouse() {
    return new Warehouse(TestSpark.session(), TestSpark.settings(wh()));
  }

  static Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    Warehouse w = warehouse();
    for (String t : Tables.ALL.keySet()) {
      v.put(t, w.version(t));
    }
    return v;
  }

  static List<Row> runs(String status) {
    return table(Tables.MODEL_RUNS).where(col("status").equalTo(status)).orderBy("started_at")
        .collectAsList();
  }

  static String firstRun;
  static Map<String, Long> before;

  @Test
  @Order(1)
  void aFirstRunSucceeds() throws Exception {
    // the first run: the JVM's shared local run of the same file and model, copied to HDFS
    warehouseUri = Hdfs.folder("pipeline-kill-it") + "/wh";
    Hdfs.putTree(RunsFixture.spcLocalRun(), warehouseUri);
    List<Row> ok = runs(RunRegistry.SUCCEEDED);
    assertEquals(1, ok.size());
    firstRun = ok.get(0).getAs("run_id");
    assertEquals(156, table(Tables.PAPERS).count());
    assertTrue(table(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(firstRun)).count() > 0);
    before = versions();
  }

  @Test
  @Order(2)
  void killedInTopicsLeavesNoVisibleTrace() {
    Launcher.Outcome o = pipeline("papertrends: topics started", "--force");
    assertTrue(o.killed(), o.describe());
    assertNotEquals(0, o.exit());
    assertKilledRunInvisible(Set.of(Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.PAPERS));
  }

  @Test
  @Order(3)
  void killedInTrendsLeavesNoVisibleTrace() {
    before = versions();
    // no --force: the unfinished run above makes a run due by itself
    Launcher.Outcome o = pipeline("papertrends: trends started");
    assertTrue(o.killed(), o.describe());
    assertKilledRunInvisible(Set.of(Tables.PAPERS, Tables.TERM_TRENDS));
    assertEquals(1, runs(RunRegistry.FAILED).size(), "the run killed in topics is failed now");
  }

  @Test
  @Order(4)
  void theNextRunCompletesWithoutDuplicates() throws Exception {
    Thread.sleep(5500); // past dead-after since the kill: the killed run's heartbeat is stale
    // no report or exports: nothing here reads them (the staged run below checks its report)
    PipelineJob.Result r = RunsFixture.pipelineInProcess(wh(), CSV, REFIT_ALWAYS, HEARTBEAT[0],
        HEARTBEAT[1], "publish.report=false", "publish.exports=false");
    assertTrue(r.reason().contains("did not finish"), r.reason());
    List<Row> ok = runs(RunRegistry.SUCCEEDED);
    assertEquals(2, ok.size());
    assertEquals(2, runs(RunRegistry.FAILED).size(), "both killed runs marked failed");
    assertTrue(runs(RunRegistry.RUNNING).isEmpty());
    for (Row dead : runs(RunRegistry.FAILED)) {
      assertTrue(dead.<String>getAs("error").contains("did not finish"), dead.toString());
    }
    String last = ok.get(1).getAs("run_id");
    // nothing the killed runs half-wrote survives: no run-keyed table holds a row of theirs
    for (Row dead : runs(RunRegistry.FAILED)) {
      for (String t : RUN_TABLES) {
        assertEquals(0, table(t).where(col("run_id").equalTo(dead.<String>getAs("run_id")))
            .count(), t + " holds rows of failed run " + dead.getAs("run_id"));
      }
    }
    assertEquals(table(Tables.PAPERS).count(),
        table(Tables.PAPERS).select("paper_id").distinct().count(), "papers: one row per id");
    assertEquals(0, table(Tables.DOC_TOPICS).groupBy("run_id", "paper_id", "topic_id").count()
        .where(col("count").gt(1)).count(), "doc_topics: no duplicate rows");
    assertEquals(0, table(Tables.TOPIC_TRENDS)
        .groupBy("run_id", "period_start", "group_key", "topic_id").count()
        .where(col("count").gt(1)).count(), "topic_trends: no duplicate rows");
    // same corpus, config and seed: the recovered run equals the first one, value for value
    for (String t : List.of(Tables.TOPICS, Tables.TOPIC_TERMS, Tables.TOPIC_TRENDS,
        Tables.TERM_TRENDS)) {
      TableAssert.assertSameRows(t, table(t).where(col("run_id").equalTo(firstRun)),
          table(t).where(col("run_id").equalTo(last)), Set.of("run_id", "is_new"), 1e-9);
    }
    // its topics all match the first run's: they keep its stable ids and none is new
    assertEquals(0, table(Tables.TOPICS).where(col("run_id").equalTo(last)
        .and(col("is_new"))).count());
  }

  /** Short heartbeat settings, so a killed run is dead seconds later. */
  static final String[] HEARTBEAT = {"runs.heartbeat-every=2s", "runs.dead-after=5s"};

  static String stagedRun;

  /**
   * A scheduler's run, stage by stage under one run id: features, then topics stopped with
   * SIGTERM (a task timeout) and with SIGKILL in the middle of its fit, then topics, trends and
   * publish with --run: the run goes on, succeeds with exactly its topics, is the latest, and
   * its report says succeeded.
   */
  @Test
  @Order(5)
  void aStageStoppedBySigtermOrSigkillIsRetriedUnderTheSameRun() throws Exception {
    // on a local folder: a copy of the first run (the same run id as on HDFS above)
    warehouseUri = null;
    RunsFixture.copyOfSpcRun(tmp.resolve("wh"));
    Settings s = stagedSettings();
    Warehouse w = new Warehouse(TestSpark.session(), s);
    stagedRun = AnalysisRuns.start(w, s, AnalysisRuns.REFIT, null);
    new RunStages(TestSpark.session(), s, stagedRun).features();
    for (String signal : List.of("TERM", "KILL")) {
      Launcher.Outcome o = topicsKilled(signal);
      assertTrue(o.killed(), o.describe());
      assertNotEquals(0, o.exit(), o.describe());
      ModelRun r = new RunHistory(w).get(stagedRun).orElseThrow();
      assertEquals(RunRegistry.RUNNING, r.status(), signal + " leaves the run running");
    }
    RunStages stages = new RunStages(TestSpark.session(), s, stagedRun);
    stages.topics();
    stages.trends();
    stages.publish();

    ModelRun r = new RunHistory(w).get(stagedRun).orElseThrow();
    assertEquals(RunRegistry.SUCCEEDED, r.status());
    JsonNode topics = new ObjectMapper().readTree(r.stages()).get("topics");
    assertEquals(3, topics.get("attempts").asInt(), r.stages());
    assertEquals("done", topics.get("state").asText(), r.stages());
    // exactly its topics: the killed attempts left nothing behind, nothing twice
    assertEquals(4, table(Tables.TOPICS).where(col("run_id").equalTo(stagedRun)).count());
    for (Map.Entry<String, List<String>> key : Map.of(
        Tables.TOPICS, List.of("topic_id"),
        Tables.TOPIC_TERMS, List.of("topic_id", "rank"),
        Tables.DOC_TOPICS, List.of("paper_id", "topic_id"),
        Tables.DOC_TOPIC_WEIGHTS, List.of("paper_id")).entrySet()) {
      Dataset<Row> rows = table(key.getKey()).where(col("run_id").equalTo(stagedRun));
      assertTrue(rows.count() > 0, key.getKey());
      assertEquals(rows.count(), rows.dropDuplicates(key.getValue().toArray(String[]::new))
          .count(), key.getKey() + ": no duplicate rows");
    }
    // same corpus, config and seed as the first run: the same topics, value for value
    TableAssert.assertSameRows(Tables.TOPICS,
        table(Tables.TOPICS).where(col("run_id").equalTo(firstRun)),
        table(Tables.TOPICS).where(col("run_id").equalTo(stagedRun)), Set.of("run_id", "is_new"),
        1e-9);
    RunHistory.registerViews(w);
    assertEquals(List.of(stagedRun), TestSpark.session()
        .sql("SELECT DISTINCT run_id FROM latest_topics").collectAsList().stream()
        .map(x -> x.getString(0)).toList());
    String html = java.nio.file.Files.readString(TestSpark.local(w.reportDir()
        + "/index.html"));
    assertTrue(html.contains(stagedRun), "the report is the staged run's");
    assertTrue(html.contains(RunRegistry.SUCCEEDED), "the report says succeeded");
    assertFalse(html.contains(RunRegistry.RUNNING + " · "), "the report does not say running");
  }

  static Settings stagedSettings() {
    List<String> sets = new ArrayList<>(List.of(RunsFixture.SMALL_MODEL));
    sets.addAll(List.of(HEARTBEAT));
    return TestSpark.settings(wh(), sets.toArray(String[]::new));
  }

  /** jobs/papertrends topics --run R, signalled a moment after its fit started. */
  static Launcher.Outcome topicsKilled(String signal) {
    List<String> a = new ArrayList<>(List.of("topics", "--master", "local[2]", "--run",
        stagedRun));
    a.addAll(RunsFixture.smallModel(wh()));
    for (String h : HEARTBEAT) {
      a.addAll(List.of("--set", h));
    }
    return Launcher.run(Launcher.command("papertrends", a.toArray(String[]::new)),
        Launcher.INTERPRETED,
        line -> {
          if (!line.startsWith("papertrends: topics started")) {
            return false;
          }
          try {
            Thread.sleep(1500); // into the LDA fit
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        }, signal);
  }

  /**
   * After a kill: every table reads; the tables the killed run had not reached are at their
   * versions from before it; the succeeded run's rows are untouched; the killed run is running,
   * not succeeded, and the latest succeeded run is still the first one.
   */
  static void assertKilledRunInvisible(Set<String> untouched) {
    Map<String, Long> now = versions();
    for (String t : untouched) {
      assertEquals(before.get(t), now.get(t), t + " stays at its previous version");
    }
    for (String t : RUN_TABLES) {
      if (now.get(t) >= 0) {
        table(t).count(); // reads at a complete version
      }
    }
    List<Row> running = runs(RunRegistry.RUNNING);
    assertEquals(1, running.size(), "the killed run stays running");
    assertEquals(1, runs(RunRegistry.SUCCEEDED).size(), "the killed run did not succeed");
    assertEquals(firstRun, runs(RunRegistry.SUCCEEDED).get(0).getAs("run_id"));
    String killed = running.get(0).getAs("run_id");
    RunHistory.registerViews(warehouse());
    List<Row> latest = TestSpark.session().sql("SELECT DISTINCT run_id FROM latest_topic_trends")
        .collectAsList();
    assertEquals(1, latest.size());
    assertEquals(firstRun, latest.get(0).getString(0), "latest views show the succeeded run");
    if (untouched.contains(Tables.TOPIC_TRENDS)) {
      assertEquals(0, table(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(killed)).count());
    }
  }
}
