package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * Runs over history on one warehouse: day one refits, day two (new papers far from the model)
 * refits after pinned scoring measured the drift, nothing new means no run, an exact rerun
 * equals its original value for value, an as-of run sees only the papers up to its date, and a
 * backfill makes one run per step (pinned between refits).
 */
@Tag("pipeline")
class HistoryTest {
  static final String CSV = "arxiv-api-csv/spc_arxiv_metadata.csv";

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static Settings settings;
  static Warehouse w;
  static PipelineJob.Result day1;
  static PipelineJob.Result day2;
  static PipelineJob.Result day3;
  static AnalysisRun.Outcome replay;
  static AnalysisRun.Outcome asOf;
  static AnalysisRun.Outcome asOfPinned;
  static RuntimeException noModelThen;
  static List<AnalysisRun.Outcome> backfill;

  static Settings settings(String... more) {
    String[] base = {"topics.k=4", "topics.max-iterations=10", "trends.granularity=year",
        "pipeline.refit-every-days=7", "publish.report=false", "publish.exports=false"};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return TestSpark.settings(tmp.resolve("wh"), all);
  }

  static PipelineJob.Result pipeline(String input, String format, String mapping)
      throws Exception {
    IngestJob ingest = new IngestJob(spark, settings, List.of(new IngestJob.Input(input, format,
        mapping)), LocalDate.of(2026, 11, 26), false);
    return new PipelineJob(spark, settings).run(ingest, new PipelineJob.Options(false, false));
  }

  @BeforeAll
  static void history() throws Exception {
    spark = TestSpark.session();
    settings = settings();
    w = new Warehouse(spark, settings);
    day1 = pipeline(TestSpark.data(CSV), "csv", "arxiv-api-csv");
    day2 = pipeline(TestSpark.projectDir().resolve("data/trending-papers-page.txt").toString(),
        "trending-page", null);
    day3 = pipeline(TestSpark.data(CSV), "csv", "arxiv-api-csv");
    Replay r = new Replay(spark, settings);
    replay = r.rerun(day1.outcome().orElseThrow().runId());
    asOf = r.asOfDate(LocalDate.of(2019, 12, 31));
    asOfPinned = r.asOfDate(LocalDate.now(java.time.ZoneOffset.UTC), true);
    noModelThen = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> r.asOfDate(LocalDate.of(2019, 12, 31), true));
    backfill = new Replay(spark, settings("pipeline.refit-every-days=400",
        // 2025's papers are trending-page ML papers, far from the control-chart model of 2024:
        // only the schedule decides here (drift-triggered refits are day two's test)
        "pipeline.max-oov-share=1.0", "pipeline.max-perplexity-increase=1000"))
        .backfill(LocalDate.of(2024, 12, 31), LocalDate.of(2025, 12, 31), "year", 20);
  }

  static ModelRun run(String id) {
    return new RunHistory(w).get(id).orElseThrow();
  }

  static Dataset<Row> rows(String table, String runId) {
    return w.read(table).where(col("run_id").equalTo(runId));
  }

  @Test
  void dayOneRefitsAndSucceeds() {
    AnalysisRun.Outcome o = day1.outcome().orElseThrow();
    ModelRun r = run(o.runId());
    assertEquals("succeeded", r.status());
    assertEquals("refit", r.mode());
    assertEquals(156L, r.docs());
    assertEquals(4, r.k());
  }

  /**
   * A run's start commit (the append of its model_runs row) begins its first stage, so the
   * stage makes no commit of its own to begin: features for a refit, topics (scoring) for a
   * pinned run.
   */
  @Test
  void aRunsStartCommitBeginsItsFirstStage() {
    String refit = startStages(day1.outcome().orElseThrow().runId());
    assertEquals(Stages.RUNNING, Stages.state(refit, "features"), refit);
    assertEquals(1, Stages.attempts(refit, "features"), refit);
    assertEquals(null, Stages.state(refit, "topics"), refit);
    String pinned = startStages(asOfPinned.runId());
    assertEquals(Stages.RUNNING, Stages.state(pinned, "topics"), pinned);
    assertEquals(null, Stages.state(pinned, "features"), pinned);
    // and each stage ran once
    ModelRun r = run(day1.outcome().orElseThrow().runId());
    for (String stage : List.of("features", "topics", "trends", "publish")) {
      assertEquals(1, Stages.attempts(r.stages(), stage), stage + " in " + r.stages());
      assertEquals(Stages.DONE, Stages.state(r.stages(), stage), stage + " in " + r.stages());
    }
  }

  /** The stages JSON of the model_runs row as its start commit (an append) wrote it. */
  static String startStages(String runId) {
    for (Row v : w.delta(Tables.MODEL_RUNS).history().where(col("operation").equalTo("WRITE"))
        .orderBy("version").select("version").collectAsList()) {
      List<Row> r = w.readVersion(Tables.MODEL_RUNS, v.getLong(0))
          .where(col("run_id").equalTo(runId)).select("stages").collectAsList();
      if (!r.isEmpty()) {
        return r.get(0).getString(0);
      }
    }
    throw new AssertionError("no start commit of run " + runId);
  }

  @Test
  void dayTwoMeasuresTheNewPapersAgainstThePinnedModelAndRefits() {
    assertEquals(238, day2.ingest().inserted());
    ModelRun r = run(day2.outcome().orElseThrow().runId());
    // the trending page is about other fields than control charts: too many unknown words
    assertEquals("refit", r.mode());
    assertTrue(r.modeReason().contains("out-of-vocabulary"),
        r.modeReason());
    assertEquals(156L + 238L, r.docs());
  }

  @Test
  void nothingNewMeansNoRun() {
    assertTrue(day3.outcome().isEmpty());
    assertEquals(0, day3.ingest().inserted());
    assertEquals("nothing changed", day3.reason());
  }

  @Test
  void anExactRerunEqualsItsOriginalValueForValue() {
    String orig = day1.outcome().orElseThrow().runId();
    String again = replay.runId();
    ModelRun r = run(again);
    assertEquals("succeeded", r.status());
    assertEquals(run(orig).papersVersion(), r.papersVersion());
    assertEquals("run:" + orig, r.asOf());
    int compared = 0;
    for (String t : List.of(Tables.TOPICS, Tables.TOPIC_TERMS, Tables.DOC_TOPICS,
        Tables.DOC_TOPIC_WEIGHTS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS)) {
      compared += TableAssert.assertSameRows(t, rows(t, orig), rows(t, again), Set.of("run_id"),
          1e-9);
    }
    assertTrue(compared > 156 * 4, "rows compared: " + compared);
    Dataset<Row> cmp = RunComparison.compare(w, orig, again);
    assertEquals(4, cmp.where(col("term_overlap").equalTo(1.0)
        .and(col("share_diff").equalTo(0.0))).count());
  }

  @Test
  void anAsOfRunSeesOnlyThePapersUpToItsDate() {
    ModelRun r = run(asOf.runId());
    assertEquals("date:2019-12-31", r.asOf());
    long upTo = w.read(Tables.PAPERS).where(col("published_date")
        .leq(Date.valueOf("2019-12-31"))).count();
    assertTrue(upTo > 20 && upTo < 156, "papers up to 2019: " + upTo);
    assertEquals(upTo, r.docs());
    Row last = rows(Tables.TOPIC_TRENDS, asOf.runId()).agg(
        org.apache.spark.sql.functions.max("period_start")).first();
    assertEquals(Date.valueOf("2019-01-01"), last.getDate(0));
  }

  @Test
  void aPinnedAsOfRunScoresWithTheModelCurrentThen() {
    ModelRun r = run(asOfPinned.runId());
    assertEquals("succeeded", r.status());
    assertEquals("pinned", r.mode());
    // the newest refit of the current corpus by today: day two's (refitted after drift), not
    // the history runs (replay, as-of) made since
    assertEquals(day2.outcome().orElseThrow().runId(), r.modelRunId());
    assertEquals(156L + 238L, r.docs());
    assertEquals(4L, rows(Tables.TOPICS, asOfPinned.runId()).count());
    assertTrue(noModelThen.getMessage().startsWith("no refit run had succeeded by 2019-12-31"),
        noModelThen.getMessage());
  }

  @Test
  void backfillMakesOneRunPerStepPinnedBetweenRefits() {
    assertEquals(2, backfill.size());
    ModelRun first = run(backfill.get(0).runId());
    ModelRun second = run(backfill.get(1).runId());
    assertEquals("date:2024-12-31", first.asOf());
    assertEquals("date:2025-12-31", second.asOf());
    assertEquals("refit", first.mode());
    assertEquals("pinned", second.mode(), second.modeReason());
    assertEquals(backfill.get(0).runId(), second.modelRunId());
    assertTrue(second.docs() > first.docs());
    // history runs never become the pipeline's view of the current corpus
    assertFalse(new RunHistory(w).latest().orElseThrow().runId()
        .equals(backfill.get(1).runId()));
  }
}
