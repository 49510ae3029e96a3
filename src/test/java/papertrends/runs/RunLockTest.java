package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/**
 * The run lifecycle without a lock file: a run whose driver writes its heartbeat is alive and a
 * run starting beside it (a backfill next to the daily pipeline) leaves it running; a run whose
 * heartbeat is older than dead-after is taken for dead, marked failed and its rows purged. A
 * failed stage leaves the run running; its retry deletes the earlier attempt's rows; used-up
 * attempts fail the run.
 */
@Tag("pipeline")
class RunLockTest {
  @TempDir
  Path dir;

  Settings settings(String... sets) {
    return TestSpark.settings(dir.resolve("wh"), sets);
  }

  static void topicRow(Warehouse w, String runId) {
    w.append(Tables.TOPICS, w.spark().createDataFrame(List.of(RowFactory.create(runId, 0, 0,
        "a label", List.of("a"), 0.1, 1.0, 1L, true)), Tables.TOPICS_SCHEMA));
  }

  static long topicRows(Warehouse w, String runId) {
    return w.read(Tables.TOPICS).where(col("run_id").equalTo(runId)).count();
  }

  static String status(RunRegistry runs, String runId) {
    return runs.history().get(runId).orElseThrow().status();
  }

  static java.sql.Timestamp heartbeat(RunRegistry runs, String runId) {
    return runs.history().get(runId).orElseThrow().heartbeatAt();
  }

  @Test
  void aRunWithAFreshHeartbeatIsLeftRunningAndAStaleOneIsFailed() throws Exception {
    Settings s = settings("runs.heartbeat-every=200ms", "runs.dead-after=10m");
    Warehouse w = new Warehouse(TestSpark.session(), s);
    RunRegistry runs = new RunRegistry(w, s.runs());
    runs.start("r-dead", Map.of("mode", "refit"));
    topicRow(w, "r-dead");
    runs.start("r-live", Map.of("mode", "refit"));
    java.sql.Timestamp started = heartbeat(runs, "r-live");
    try (Heartbeat beat = Heartbeat.hold(runs, "r-live", s.runs().heartbeatEvery())) {
      // while the driver holds the run, its heartbeat moves on (polled, no timing asserted)
      long giveUp = System.currentTimeMillis() + 300_000;
      while (!heartbeat(runs, "r-live").after(started) && System.currentTimeMillis() < giveUp) {
        Thread.sleep(200);
      }
      assertTrue(heartbeat(runs, "r-live").after(started), "the driver writes its heartbeat");
    }
    // r-dead's driver went silent an hour ago: older than dead-after
    runs.update("r-dead", Map.of("heartbeat_at", java.sql.Timestamp.from(
        java.time.Instant.now().minus(java.time.Duration.ofHours(1)))));
    runs.start("r-beside", Map.of("mode", "refit"));
    assertEquals(RunRegistry.RUNNING, status(runs, "r-live"), "a run with a fresh heartbeat");
    ModelRun dead = runs.history().get("r-dead").orElseThrow();
    assertEquals(RunRegistry.FAILED, dead.status());
    assertTrue(dead.error().contains("did not finish"), dead.error());
    assertEquals(0, topicRows(w, "r-dead"), "a dead run's rows are purged");
    assertEquals(RunRegistry.RUNNING, status(runs, "r-beside"));
    assertTrue(java.nio.file.Files.notExists(dir.resolve("wh").resolve("_locks")));
  }

  @Test
  void aFailedStageLeavesTheRunRunningUntilItsAttemptsAreUsedUp() {
    Settings s = settings("runs.max-attempts=2");
    Warehouse w = new Warehouse(TestSpark.session(), s);
    RunRegistry runs = new RunRegistry(w, s.runs());
    runs.start("r-retried", Map.of("mode", "refit"));
    runs.beginStage("r-retried", "topics", List.of(Tables.TOPICS));
    topicRow(w, "r-retried");
    runs.stageFailed("r-retried", "topics", "topics: killed");
    assertEquals(RunRegistry.RUNNING, status(runs, "r-retried"), "a failed stage is retried");
    runs.beginStage("r-retried", "topics", List.of(Tables.TOPICS));
    assertEquals(0, topicRows(w, "r-retried"), "the retry deletes the earlier attempt's rows");
    topicRow(w, "r-retried");
    runs.stageFailed("r-retried", "topics", "topics: killed again");
    ModelRun r = runs.history().get("r-retried").orElseThrow();
    assertEquals(RunRegistry.FAILED, r.status(), "two attempts of two used up");
    assertTrue(r.error().contains("max-attempts"), r.error());
    assertEquals(0, topicRows(w, "r-retried"));
    assertThrows(UsageException.class,
        () -> runs.beginStage("r-retried", "topics", List.of(Tables.TOPICS)));
  }

  /**
   * The pipeline's stage boundary in one model_runs commit: the previous stage's end (its
   * fields, timings and done state) with the next stage's begin; a refused begin still records
   * the previous stage's end.
   */
  @Test
  void aChainedStageRecordsThePreviousStagesEndWithItsBeginInOneCommit() {
    Settings s = settings();
    Warehouse w = new Warehouse(TestSpark.session(), s);
    RunRegistry runs = new RunRegistry(w, s.runs());
    runs.start("r-chained", Map.of("mode", "refit"));
    runs.beginStage("r-chained", "features", List.of(Tables.VOCABULARY));
    long before = w.version(Tables.MODEL_RUNS);
    java.time.Instant ended = java.time.Instant.parse("2026-12-03T08:00:00Z");
    runs.beginStage("r-chained", "topics", List.of(Tables.TOPICS), new RunRegistry.Finished(
        "features", Map.of("docs", 156L, "vocab_size", 502), Map.of("tokenize_s", 1.5), ended));
    assertEquals(before + 1, w.version(Tables.MODEL_RUNS), "one commit for the boundary");
    ModelRun r = runs.history().get("r-chained").orElseThrow();
    assertEquals(Long.valueOf(156), r.docs());
    assertEquals(Integer.valueOf(502), r.vocabSize());
    assertEquals(Stages.DONE, Stages.state(r.stages(), "features"), r.stages());
    assertEquals(Stages.RUNNING, Stages.state(r.stages(), "topics"), r.stages());
    assertEquals(1, Stages.attempts(r.stages(), "topics"), r.stages());
    assertTrue(r.stages().contains("2026-12-03T08:00"), "the features end time: " + r.stages());
    assertTrue(r.timings().contains("tokenize_s"), r.timings());

    // a begin that is refused (the run failed meanwhile) still records the previous end
    runs.fail("r-chained", "stopped by hand");
    assertThrows(UsageException.class, () -> runs.beginStage("r-chained", "trends",
        List.of(Tables.TOPIC_TRENDS), new RunRegistry.Finished("topics", Map.of("k", 7),
            Map.of(), java.time.Instant.now())));
    ModelRun after = runs.history().get("r-chained").orElseThrow();
    assertEquals(Integer.valueOf(7), after.k());
    assertEquals(Stages.DONE, Stages.state(after.stages(), "topics"), after.stages());
    assertEquals(null, Stages.state(after.stages(), "trends"), after.stages());
  }

  /**
   * Chained stages: the topics fit starts while the features tables are still being written.
   * When one of those writes fails (doc_keywords' path is taken by a plain file), the features
   * stage is recorded failed with that error, the topics stage never began, no topics row is
   * written, and the error reaches the caller.
   */
  @Test
  void aFeaturesWriteFailingBehindTheFitFailsFeaturesAndTopicsNeverBegins() throws Exception {
    String[] sets = java.util.Arrays.copyOf(RunsFixture.SMALL_MODEL,
        RunsFixture.SMALL_MODEL.length + 1);
    sets[sets.length - 1] = "runs.write-behind=true";
    Settings s = settings(sets);
    Warehouse w = new Warehouse(TestSpark.session(), s);
    new papertrends.ingest.IngestJob(TestSpark.session(), s, List.of(
        new papertrends.ingest.IngestJob.Input(RunsFixture.SPC, "csv", "arxiv-api-csv")),
        null, false).run();
    String runId = AnalysisRuns.start(w, s, AnalysisRuns.REFIT, null, RunRegistry.newRunId(),
        papertrends.features.FeaturesJob.STAGE);
    java.nio.file.Path taken = dir.resolve("wh").resolve("tables").resolve(Tables.DOC_KEYWORDS);
    java.nio.file.Files.createDirectories(taken.getParent());
    java.nio.file.Files.writeString(taken, "not a table");
    RunStages stages = new RunStages(TestSpark.session(), s, runId).chained()
        .begun(papertrends.features.FeaturesJob.STAGE);
    papertrends.features.FeaturesJob.Result f = stages.features();
    assertTrue(f.written() != null, "the features tables are written behind");
    RuntimeException e = assertThrows(RuntimeException.class, stages::topics);
    assertTrue(e.getMessage().startsWith("features: "), e.getMessage());
    ModelRun r = new RunHistory(w).get(runId).orElseThrow();
    assertEquals(RunRegistry.RUNNING, r.status(), "a failed stage leaves the run running");
    assertEquals(Stages.FAILED, Stages.state(r.stages(), "features"), r.stages());
    assertTrue(Stages.parse(r.stages()).get("features").get("error").asText()
        .contains(Tables.DOC_KEYWORDS), r.stages());
    assertEquals(null, Stages.state(r.stages(), "topics"), r.stages());
    assertTrue(!w.exists(Tables.TOPICS) || topicRows(w, runId) == 0);
    assertTrue(f.kept() != null && !f.kept().docFeatures().storageLevel().useMemory(),
        "the kept rows are released");
  }
}
