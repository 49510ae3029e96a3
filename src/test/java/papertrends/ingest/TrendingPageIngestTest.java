package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/** The bundled trending page: 238 papers, ranks, snapshot date, idempotent rerun. */
class TrendingPageIngestTest {
  @TempDir
  static Path dir;
  static Settings settings;
  static Warehouse warehouse;
  static IngestJob.Result first;
  static IngestJob.Result second;

  @BeforeAll
  static void ingestTwice() throws Exception {
    SparkSession spark = TestSpark.session();
    settings = TestSpark.settings(dir.resolve("wh"));
    warehouse = new Warehouse(spark, settings);
    List<IngestJob.Input> in = List.of(new IngestJob.Input(
        TestSpark.data("trending-papers-page.txt"), "trending-page", null));
    LocalDate day = LocalDate.of(2026, 11, 20);
    first = new IngestJob(spark, settings, in, day, false).run();
    second = new IngestJob(spark, settings, in, day, false).run();
  }

  @Test
  void everyPaperOfThePageIsOneRow() {
    assertEquals(238, first.inserted());
    assertEquals(0, first.rejects());
    assertEquals(238, warehouse.read(Tables.PAPERS).count());
    assertEquals(238, warehouse.read(Tables.PAPERS).select("paper_id").distinct().count());
  }

  @Test
  void firstTitleLosesTheSubscribeButtonText() {
    Row r = warehouse.read(Tables.PAPER_SIGHTINGS).where(col("rank").equalTo(1))
        .join(warehouse.read(Tables.PAPERS), "paper_id").select("title").first();
    assertEquals("Learning Actionable Representations from Visual Observations", r.getString(0));
  }

  @Test
  void latexInTitlesIsKeptAsPublished() {
    long withLatex = warehouse.read(Tables.PAPERS)
        .where(col("title").contains("$\\pi2\\text{vec}$")).count();
    assertEquals(1, withLatex);
  }

  @Test
  void sightingsCarryRankAndSnapshotDate() {
    List<Row> s = warehouse.read(Tables.PAPER_SIGHTINGS)
        .selectExpr("min(rank)", "max(rank)", "count(*)", "min(snapshot_date)",
            "max(snapshot_date)").collectAsList();
    assertEquals(1, s.get(0).getInt(0));
    assertEquals(238, s.get(0).getInt(1));
    assertEquals(238L, s.get(0).getLong(2));
    assertEquals(java.sql.Date.valueOf("2026-11-20"), s.get(0).getDate(3));
    Row p = warehouse.read(Tables.PAPERS).selectExpr("min(first_seen_date)",
        "max(last_seen_date)", "count_if(published_date is not null)", "min(source)").first();
    assertEquals(java.sql.Date.valueOf("2026-11-20"), p.getDate(0));
    assertEquals(0L, p.getLong(2));
    assertEquals("trending-page", p.getString(3));
  }

  @Test
  void secondRunOfTheSameFileAddsNothing() {
    assertEquals(0, second.filesTaken());
    assertEquals(1, second.filesSkipped());
    assertEquals(1, warehouse.read(Tables.INGEST_FILES).count());
    assertFalse(warehouse.read(Tables.INGEST_FILES).first().isNullAt(2));
    assertTrue(warehouse.read(Tables.REJECTS).isEmpty());
  }
}
