package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.TestSpark;

/**
 * A batch whose MERGE into papers fails while writing (a real Delta failure: a record breaks a
 * CHECK constraint of the table) leaves every table at its previous version, and the same file
 * is taken again once the cause is gone.
 */
@Tag("pipeline")
class IngestAtomicityTest {
  static final String[] TABLES = {Tables.PAPERS, Tables.PAPER_SIGHTINGS, Tables.REJECTS,
      Tables.INGEST_FILES};

  @TempDir
  static Path dir;
  static IngestFixture fx;
  static Map<String, Long> before;
  static Map<String, Long> after;
  static long papersBefore;
  static RuntimeException failure;
  static IngestJob.Result retry;

  @BeforeAll
  static void failThenRetry() throws Exception {
    fx = new IngestFixture(dir);
    fx.ingest(TestSpark.projectDir().resolve("src/test/resources/oai-harvest").toString(),
        "arxiv-oai", null);
    fx.spark.sql("ALTER TABLE delta.`" + fx.warehouse.tablePath(Tables.PAPERS)
        + "` ADD CONSTRAINT short_abstract CHECK (length(abstract) < 2000)");
    Path file = dir.resolve("arxiv-2026-11-21.json");
    Files.writeString(file, BrokenInputIngestTest.arxivLine("2102.00001", "Fine", "Short.",
        "2021-02-02") + "\n{\"id\": broken\n" + BrokenInputIngestTest.arxivLine("2102.00002",
        "Long", "long ".repeat(1000), "2021-02-02") + "\n");
    before = fx.warehouse.versions(TABLES);
    papersBefore = fx.papers();
    failure = assertThrows(RuntimeException.class,
        () -> fx.ingest(file.toString(), "arxiv-json", null));
    after = fx.warehouse.versions(TABLES);
    fx.spark.sql("ALTER TABLE delta.`" + fx.warehouse.tablePath(Tables.PAPERS)
        + "` DROP CONSTRAINT short_abstract");
    retry = fx.ingest(file.toString(), "arxiv-json", null);
  }

  @Test
  void theMergeReallyFailedOnTheConstraint() {
    assertTrue(Main.describe(failure).contains("short_abstract"), Main.describe(failure));
  }

  @Test
  void everyTableStaysAtItsPreviousVersion() {
    assertEquals(before, after);
    assertTrue(before.values().stream().allMatch(v -> v >= 0), before.toString());
    assertEquals(papersBefore, fx.warehouse.readVersion(Tables.PAPERS,
        after.get(Tables.PAPERS)).count());
    assertEquals(0, fx.warehouse.readVersion(Tables.PAPERS, after.get(Tables.PAPERS))
        .where(col("paper_id").startsWith("arxiv:2102.")).count());
  }

  @Test
  void theFileIsTakenAgainAfterTheFailure() {
    assertEquals(1, retry.filesTaken());
    assertEquals(2, retry.inserted());
    assertEquals(1, retry.rejects());
    assertEquals(papersBefore + 2, fx.papers());
  }

  /** Main.describe, the one-line reason the launcher prints. */
  static final class Main {
    static String describe(Throwable t) {
      return papertrends.cli.Main.describe(t);
    }
  }
}
