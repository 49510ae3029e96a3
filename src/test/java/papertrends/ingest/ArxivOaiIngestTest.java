package papertrends.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static papertrends.ingest.IngestFixture.date;
import static papertrends.ingest.IngestFixture.list;
import static papertrends.ingest.IngestFixture.str;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.TestSpark;

/**
 * An OAI-PMH ListRecords harvest of two pages joined by a resumption token (test fixture):
 * 5 records, 3 papers, 1 without abstract, 1 deleted.
 */
class ArxivOaiIngestTest {
  @TempDir
  static Path dir;
  static IngestFixture fx;
  static IngestJob.Result result;

  @BeforeAll
  static void ingest() throws Exception {
    fx = new IngestFixture(dir);
    result = fx.ingest(TestSpark.projectDir().resolve("src/test/resources/oai-harvest")
        .toString(), "arxiv-oai", null);
  }

  @Test
  void pagesAreReadAsOneHarvest() {
    assertEquals(2, result.filesTaken());
    assertEquals(5, result.records());
    assertEquals(3, result.inserted());
    assertEquals(1, result.rejects());
    assertEquals(1, result.withdrawn());
    Row reject = fx.rejects().get(0);
    assertEquals("no abstract", str(reject, "reason"));
    assertEquals("record 1 (oai:arXiv.org:2101.00002)", str(reject, "position"));
    assertEquals(1L, fx.warehouse.read(Tables.INGEST_FILES)
        .selectExpr("sum(withdrawn)").first().getLong(0));
  }

  @Test
  void dublinCoreFieldsMapToPapers() {
    Row r = fx.paper("arxiv:2101.00001");
    assertEquals("Sparse Topic Models for Streaming Abstracts", str(r, "title"));
    assertEquals("We study topic models over a stream of abstracts & show that\nsparse priors"
        + " keep topics stable (p < 0.05) across refits.", str(r, "abstract"));
    assertEquals(List.of("Jane Doe", "Richard A. Roe"), list(r, "authors"));
    assertEquals(List.of("Computer Science - Machine Learning",
        "Statistics - Machine Learning"), list(r, "categories"));
    assertEquals("10.1234/jir.2021.0001", str(r, "doi"));
    assertEquals(Date.valueOf("2021-01-01"), date(r, "published_date"));
    assertEquals(Date.valueOf("2021-03-15"), date(r, "updated_date"));
  }

  @Test
  void oldStyleIdsAndVersionSuffixesAreNormalised() {
    Row old = fx.paper("arxiv:hep-th/9901001");
    assertEquals(Date.valueOf("1999-01-04"), date(old, "published_date"));
    assertEquals(List.of("K. Ng"), list(old, "authors"));
    Row v2 = fx.paper("arxiv:2101.00003");
    assertEquals(List.of("Richard A. Roe", "The PaperTrends Collaboration"),
        list(v2, "authors"));
    assertTrue(str(v2, "abstract").contains("coherence of <i>k</i> topics"));
  }
}
