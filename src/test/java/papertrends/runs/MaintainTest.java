package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * The Done-when of table upkeep: five daily runs (one refit, then pinned scoring with its model),
 * the first four backdated past keep-runs-days, then `maintain`. A dry run writes nothing; the
 * real one prunes the two runs nothing keeps (the latest run, its model run and the run named in
 * maintain.keep stay), drops the live and stored file counts of the tables, removes the export
 * folders of pruned and failed runs, and a pruned run is refused by rerun in one line while the
 * kept ones rerun exactly. Kept cheap for the build: 60 papers of the SPC file, 5 LDA
 * iterations, no report, and exports only on the days whose export folders are checked.
 */
@Tag("pipeline")
class MaintainTest {
  static final List<String> RUN_TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.DOC_TOPIC_WEIGHTS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS);

  @TempDir
  static Path tmp;

  static SparkSession spark;
  static Warehouse w;
  static Settings settings;
  /** Papers of the corpus slice the runs analyse. */
  static final int PAPERS = 60;
  static final List<String> days = new ArrayList<>();
  static String failedRun;
  static Map<String, Long> versionsBeforeDryRun;
  static Map<String, Long> versionsAfterDryRun;
  static String dryOutput;
  static String output;
  static Maintenance.Result result;

  static Settings settings(String... more) {
    List<String> s = new ArrayList<>(List.of(RunsFixture.SMALL_MODEL));
    s.addAll(List.of("topics.max-iterations=5", "publish.report=false",
        "pipeline.refit-every-days=7",
        "pipeline.max-oov-share=1.0", "pipeline.max-perplexity-increase=1000",
        "maintain.retention=0h"));
    s.addAll(List.of(more));
    return TestSpark.settings(tmp.resolve("wh"), s.toArray(String[]::new));
  }

  @BeforeAll
  static void fiveDailyRunsThenMaintain() throws Exception {
    spark = TestSpark.session();
    settings = settings();
    w = new Warehouse(spark, settings);
    String csv = RunsFixture.spcSlice(tmp, PAPERS);
    for (int d = 0; d < 5; d++) {
      // exports (seconds per run) only where the test looks at them: day 2 (pruned) and day 5
      Settings day = d == 1 || d == 4 ? settings : settings("publish.exports=false");
      // the same file and snapshot date: days 2-5 skip it and run on the same papers (forced)
      IngestJob ingest = new IngestJob(spark, day, List.of(new IngestJob.Input(
          csv, "csv", "arxiv-api-csv")), LocalDate.of(2026, 11, 22), false);
      PipelineJob.Result r = new PipelineJob(spark, day).run(ingest,
          new PipelineJob.Options(d > 0, false));
      days.add(r.outcome().orElseThrow().runId());
    }
    // a run that failed after it exported: its export folder must go
    RunRegistry registry = new RunRegistry(w, settings.runs());
    failedRun = RunRegistry.newRunId();
    registry.start(failedRun, Map.of("mode", "refit"));
    registry.fail(failedRun, "failed after its export (test)");
    Path failedExport = TestSpark.local(w.path("exports", Tables.TOPICS, "run_id=" + failedRun));
    Files.createDirectories(failedExport);
    Files.writeString(failedExport.resolve("topics.csv"), "run_id\n");
    // days 1-4 are 100 days old
    spark.sql("UPDATE delta.`" + w.tablePath(Tables.MODEL_RUNS) + "` SET started_at ="
        + " started_at - INTERVAL 100 DAYS, finished_at = finished_at - INTERVAL 100 DAYS"
        + " WHERE run_id IN ('" + String.join("','", days.subList(0, 4)) + "')");

    Settings maintain = settings("maintain.keep=[\"" + days.get(2) + "\"]");
    versionsBeforeDryRun = versions();
    dryOutput = capture(out -> new Maintenance(w, maintain).run(true, out));
    versionsAfterDryRun = versions();
    output = capture(out -> result = new Maintenance(w, maintain).run(false, out));
  }

  interface Body {
    void run(PrintStream out);
  }

  static String capture(Body body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      body.run(out);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  static Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    w.tableNames().forEach(t -> v.put(t, w.version(t)));
    return v;
  }

  static Dataset<Row> rows(String table, String runId) {
    return w.read(table).where(col("run_id").equalTo(runId));
  }

  @Test
  void aDryRunSaysWhatItWouldDoAndWritesNothing() {
    assertEquals(versionsBeforeDryRun, versionsAfterDryRun);
    assertTrue(dryOutput.contains("would prune run " + days.get(1)), dryOutput);
    assertTrue(dryOutput.contains("would prune run " + days.get(3)), dryOutput);
    assertTrue(dryOutput.contains("maintain: topics: "), dryOutput);
  }

  @Test
  void theRunsNothingKeepsArePrunedTheOthersKept() {
    assertEquals(List.of(days.get(1), days.get(3)), result.pruned(), output);
    assertEquals(Set.of(days.get(0), days.get(2)), result.keptOld().keySet(), output);
    assertTrue(result.keptOld().get(days.get(0)).contains("model is in use"), output);
    RunHistory h = new RunHistory(w);
    for (String table : RUN_TABLES) {
      for (String pruned : result.pruned()) {
        assertEquals(0, rows(table, pruned).count(), table + " of pruned run " + pruned);
        assertTrue(h.get(pruned).orElseThrow().pruned());
      }
      for (int d : new int[] {0, 2, 4}) {
        assertTrue(rows(table, days.get(d)).count() > 0, table + " of kept day " + (d + 1));
        assertFalse(h.get(days.get(d)).orElseThrow().pruned());
      }
    }
    assertTrue(w.storage().exists(w.modelDir(days.get(0))), "the model in use stays");
    for (String run : List.of(days.get(1), failedRun)) {
      assertFalse(w.storage().exists(w.path("exports", Tables.TOPICS, "run_id=" + run)), run);
    }
    assertTrue(w.storage().exists(w.path("exports", Tables.TOPICS, "run_id=" + days.get(4))));
  }

  @Test
  void theRunListingSaysWhenARunWasPruned() {
    Map<String, Row> listed = new LinkedHashMap<>();
    new RunHistory(w).listing().collectAsList().forEach(r -> listed.put(r.getAs("run_id"), r));
    for (String pruned : result.pruned()) {
      String at = listed.get(pruned).getAs("pruned_at");
      assertTrue(at != null && at.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
          pruned + ": " + at);
    }
    for (int d : new int[] {0, 2, 4}) {
      assertTrue(listed.get(days.get(d)).isNullAt(listed.get(days.get(d))
          .fieldIndex("pruned_at")), "kept day " + (d + 1));
    }
  }

  @Test
  void theFileCountOfEachTableDrops() {
    assertFalse(result.tables().isEmpty());
    for (Maintenance.TableResult t : result.tables()) {
      if (t.before().liveFiles() > 1) {
        assertTrue(t.after().liveFiles() < t.before().liveFiles(), output);
      }
      if (!Maintenance.TIME_TRAVELLED.contains(t.table()) && t.before().storedFiles() > 1) {
        assertTrue(t.after().storedFiles() < t.before().storedFiles(), output);
      }
      assertTrue(output.contains("maintain: " + t.table() + ": live files "), output);
    }
    Map<String, Maintenance.TableResult> by = new LinkedHashMap<>();
    result.tables().forEach(t -> by.put(t.table(), t));
    Maintenance.TableResult topics = by.get(Tables.TOPICS);
    assertEquals(topics.before().rows() - topics.prunedRows(), topics.after().rows());
    assertEquals(2 * settingsK(), topics.prunedRows());
  }

  static long settingsK() {
    return settings.topics().k();
  }

  @Test
  void aPrunedRunIsRefusedInOneLine() {
    UsageException e = assertThrows(UsageException.class,
        () -> new Replay(spark, settings).rerun(days.get(1)));
    assertTrue(e.getMessage().startsWith("run " + days.get(1) + " was pruned by"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aKeptRunRerunsExactly() {
    // day 3: kept by maintain.keep; pinned, so its rerun reads papers at its Delta version and
    // the rows and model of day 1, kept because day 3 (and day 5) use its model
    for (int d : new int[] {2}) {
      String again = new Replay(spark, settings).rerun(days.get(d)).runId();
      int compared = 0;
      for (String t : RUN_TABLES) {
        compared += TableAssert.assertSameRows(t, rows(t, days.get(d)), rows(t, again),
            Set.of("run_id"), 1e-9);
      }
      assertTrue(compared > PAPERS * 4, "rows compared: " + compared);
    }
  }
}
