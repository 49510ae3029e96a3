package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/** `pipeline --dry-run`: what the next run would do, with nothing written. */
class PipelineDryRunTest {
  @TempDir
  static Path dir;

  @Test
  void saysWhatTheNextRunWouldDoAndWritesNothing() throws Exception {
    SparkSession spark = TestSpark.session();
    Path wh = dir.resolve("wh");
    Settings settings = TestSpark.settings(wh);
    List<IngestJob.Input> in = List.of(new IngestJob.Input(
        TestSpark.data("trending-papers-page.txt"), "trending-page", null));
    LocalDate day = LocalDate.of(2026, 11, 20);
    PipelineJob.Options options = new PipelineJob.Options(false, false);

    List<String> fresh = new PipelineJob(spark, settings)
        .plan(new IngestJob(spark, settings, in, day, false), options);
    assertEquals("ingest: 1 file(s) to read, 0 already taken", fresh.get(0), fresh.toString());
    assertTrue(fresh.get(1).contains("trending-papers-page.txt"), fresh.toString());
    assertTrue(fresh.stream().anyMatch(l -> l.startsWith("analysis: a run is due")), fresh.toString());
    assertTrue(fresh.stream().anyMatch(l -> l.startsWith("model: refit")), fresh.toString());
    assertFalse(Files.exists(wh), "a dry run on a new warehouse creates nothing");

    new IngestJob(spark, settings, in, day, false).run();
    Warehouse w = new Warehouse(spark, settings);
    long papers = w.version(Tables.PAPERS);
    long files = w.version(Tables.INGEST_FILES);
    List<String> after = new PipelineJob(spark, settings)
        .plan(new IngestJob(spark, settings, in, day, false), options);
    assertEquals("ingest: 0 file(s) to read, 1 already taken", after.get(0), after.toString());
    assertTrue(after.contains("analysis: a run is due: no succeeded run yet"), after.toString());
    assertEquals(papers, w.version(Tables.PAPERS), "papers unchanged by the dry run");
    assertEquals(files, w.version(Tables.INGEST_FILES));
    assertFalse(w.exists(Tables.MODEL_RUNS), "no run recorded");
  }
}
