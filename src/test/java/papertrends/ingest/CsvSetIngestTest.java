package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static papertrends.ingest.IngestFixture.date;
import static papertrends.ingest.IngestFixture.list;
import static papertrends.ingest.IngestFixture.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.TestSpark;

/**
 * The arXiv API CSV set (3 files, 1,591 rows, 1,586 ids: 5 papers in two files) through the
 * arxiv-api-csv mapping; then the same work from a second source (same DOI) and a changed
 * abstract.
 */
@Tag("pipeline")
class CsvSetIngestTest {
  static final List<String> IN_TWO_FILES = List.of("2503.01566", "2102.09446", "2007.00402",
      "1910.12043", "2205.02024");

  @TempDir
  static Path dir;
  static IngestFixture fx;
  static IngestJob.Result csv;
  static IngestJob.Result again;
  static IngestJob.Result openalex;
  static IngestJob.Result changed;
  static long versionBeforeChange;

  @BeforeAll
  static void ingest() throws Exception {
    fx = new IngestFixture(dir);
    csv = fx.ingest(TestSpark.data("arxiv-api-csv"), "csv", "arxiv-api-csv");
    again = fx.ingest(TestSpark.data("arxiv-api-csv"), "csv", "arxiv-api-csv");
    // An OpenAlex work of 2007.00402's DOI: the same paper from another source.
    Row known = fx.paper("arxiv:2007.00402");
    Path oa = dir.resolve("openalex-2026-11-21.jsonl");
    Files.writeString(oa, "{\"id\":\"https://openalex.org/W3999999999\",\"doi\":\"https://doi.org/"
        + str(known, "doi").toUpperCase() + "\",\"title\":\"" + str(known, "title")
        + "\",\"publication_date\":\"2021-02-18\",\"abstract_inverted_index\":"
        + "{\"Same\":[0],\"work\":[1]},\"authorships\":[]}\n");
    openalex = fx.ingest(oa.toString(), "auto", null);
    // A newer version of one paper with a changed abstract (an arXiv JSON line).
    versionBeforeChange = fx.warehouse.version(Tables.PAPERS);
    Path v2 = dir.resolve("arxiv-update.json");
    Files.writeString(v2, "{\"id\":\"2205.02024\",\"submitter\":\"X\",\"title\":\"Revised title\","
        + "\"abstract\":\"A revised abstract.\",\"categories\":\"stat.ME\","
        + "\"versions\":[{\"version\":\"v1\",\"created\":\"Wed, 4 May 2022 12:25:33 GMT\"},"
        + "{\"version\":\"v2\",\"created\":"
        + "\"Mon, 1 Aug 2022 09:00:00 GMT\"}],\"update_date\":\"2022-08-01\",\"authors_parsed\":"
        + "[[\"Doe\",\"Jane\",\"\"]]}\n");
    changed = fx.ingest(v2.toString(), "arxiv-json", null);
  }

  @Test
  void everyRowIsReadAndTheDuplicatesAreOnePaperEach() {
    assertEquals(3, csv.filesTaken());
    assertEquals(1591, csv.records());
    assertEquals(0, csv.rejects());
    assertEquals(1586, csv.inserted());
    // the second record of each paper in two files is counted, not lost from the summary
    assertEquals(IN_TWO_FILES.size(), csv.duplicates());
    assertTrue(csv.counts().endsWith("; rejects 0; " + IN_TWO_FILES.size()
        + " duplicate record(s) of a paper in the batch (the newest kept)"), csv.counts());
    long papers = fx.warehouse.readVersion(Tables.PAPERS, versionBeforeChange).count();
    assertEquals(1586, papers);
    for (String id : IN_TWO_FILES) {
      assertEquals(1, fx.warehouse.read(Tables.PAPERS)
          .where(col("paper_id").equalTo("arxiv:" + id)).count(), id);
    }
    assertEquals(3, fx.warehouse.read(Tables.INGEST_FILES)
        .where(col("format").equalTo("csv")).count());
    assertTrue(fx.warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .noneMatch(r -> str(r, "path").endsWith(".md")));
  }

  @Test
  void mappedColumnsKeepVersionlessIdsListsAndBothTimestampStyles() {
    Row r = fx.paper("arxiv:2102.09446");
    assertEquals("2102.09446", str(r, "source_id"));
    assertEquals(Date.valueOf("2021-02-18"), date(r, "published_date"));
    assertEquals(Date.valueOf("2021-10-12"), date(r, "updated_date"));
    assertEquals(List.of("stat.AP"), list(r, "categories"));
    assertEquals(List.of("Helmi Shat", "Rainer Schwabe"), list(r, "authors"));
    Row two = fx.paper("arxiv:2007.00402");
    assertEquals(List.of("stat.CO", "stat.ME"), list(two, "categories"));
    assertEquals(List.of("Christian Agrell", "Kristina Rognlien Dahl"), list(two, "authors"));
  }

  @Test
  void aSecondRunOfTheFolderAddsNothing() {
    assertEquals(0, again.filesTaken());
    assertEquals(3, again.filesSkipped());
  }

  @Test
  void theSameDoiFromAnotherSourceIsTheSamePaper() {
    assertEquals(1, openalex.records());
    assertEquals(0, openalex.inserted());
    assertEquals(1586, fx.papers());
    Row r = fx.paper("arxiv:2007.00402");
    assertEquals("arxiv", str(r, "source"));
    assertEquals("10.1007/s11222-021-10000-2", str(r, "doi"));
    assertEquals(0, fx.warehouse.read(Tables.PAPERS)
        .where(col("paper_id").startsWith("openalex:")).count());
  }

  @Test
  void aChangedAbstractUpdatesTheRowAndHistoryKeepsTheOld() {
    assertEquals(1, changed.updated());
    Row now = fx.paper("arxiv:2205.02024");
    assertEquals("A revised abstract.", str(now, "abstract"));
    assertEquals(Date.valueOf("2022-05-04"), date(now, "published_date"));
    assertEquals(Date.valueOf("2022-08-01"), date(now, "updated_date"));
    Row old = fx.warehouse.readVersion(Tables.PAPERS, versionBeforeChange)
        .where(col("paper_id").equalTo("arxiv:2205.02024")).first();
    assertTrue(str(old, "abstract").startsWith("Control charts, as had been us"));
    assertNotEquals(str(old, "content_hash"), str(now, "content_hash"));
    assertEquals(1586, fx.papers());
  }
}
