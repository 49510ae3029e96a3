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
import papertrends.testing.TestSpark;

/** arXiv's bulk snapshot (200 JSON lines, 200 distinct ids): one paper per line, v1 dates. */
class ArxivJsonIngestTest {
  @TempDir
  static Path dir;
  static IngestFixture fx;
  static IngestJob.Result result;

  @BeforeAll
  static void ingest() throws Exception {
    fx = new IngestFixture(dir);
    result = fx.ingest(TestSpark.data("arxiv-oai-snapshot"), "arxiv-json", null);
  }

  @Test
  void everyLineIsOnePaperAndTheLicenceIsIgnored() {
    assertEquals(1, result.filesTaken());
    assertEquals(200, result.records());
    assertEquals(200, result.inserted());
    assertEquals(0, result.rejects());
    assertEquals(200, fx.papers());
  }

  @Test
  void firstPaperHasV1DateUpdateDateAuthorsParsedAndDoi() {
    Row r = fx.paper("arxiv:0704.0001");
    assertEquals("arxiv", str(r, "source"));
    assertEquals("0704.0001", str(r, "source_id"));
    assertEquals("Calculation of prompt diphoton production cross sections at Tevatron and"
        + " LHC energies", str(r, "title"));
    // v1 "Mon, 2 Apr 2007 19:18:42 GMT"; v2 of July 2007 does not move it
    assertEquals(Date.valueOf("2007-04-02"), date(r, "published_date"));
    assertEquals(Date.valueOf("2008-11-26"), date(r, "updated_date"));
    assertEquals(List.of("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"),
        list(r, "authors"));
    assertEquals(List.of("hep-ph"), list(r, "categories"));
    assertEquals("10.1103/physrevd.76.013009", str(r, "doi"));
    assertTrue(str(r, "abstract").startsWith("A fully differential calculation in perturbative"
        + " quantum chromodynamics is\npresented"), "abstract kept as published");
  }

  @Test
  void spaceSeparatedCategoriesBecomeAList() {
    Row r = fx.paper("arxiv:0704.0200");
    assertEquals(List.of("hep-ph", "nucl-ex"), list(r, "categories"));
    assertEquals(List.of("Martin Schumacher"), list(r, "authors"));
    assertEquals("10.1140/epja/i2006-10235-1", str(r, "doi"));
  }

  @Test
  void datesSpanTheSnapshot() {
    Row r = fx.warehouse.read("papers").selectExpr("min(published_date)",
        "max(published_date)", "min(updated_date)", "max(updated_date)",
        "count_if(doi is not null)").first();
    assertEquals(Date.valueOf("2007-03-31"), r.getDate(0));
    assertEquals(Date.valueOf("2007-04-02"), r.getDate(1));
    assertEquals(Date.valueOf("2007-05-23"), r.getDate(2));
    assertEquals(Date.valueOf("2022-03-31"), r.getDate(3));
    assertEquals(117L, r.getLong(4));
  }
}
