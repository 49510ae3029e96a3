package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static papertrends.ingest.IngestFixture.date;
import static papertrends.ingest.IngestFixture.list;
import static papertrends.ingest.IngestFixture.str;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.TestSpark;

/**
 * The three PubMed files (441 records: 435 PubmedArticle + 6 PubmedBookArticle, 385 with an
 * abstract; three DTD versions, a byte-order mark, CRLF line ends).
 */
class PubmedIngestTest {
  @TempDir
  static Path dir;
  static IngestFixture fx;
  static IngestJob.Result result;

  @BeforeAll
  static void ingest() throws Exception {
    fx = new IngestFixture(dir);
    result = fx.ingest(TestSpark.data("pubmed-xml"), "auto", null);
  }

  @Test
  void everyRecordIsAPaperOrANoAbstractReject() {
    assertEquals(3, result.filesTaken());
    assertEquals(441, result.records());
    assertEquals(385, result.inserted());
    assertEquals(56, result.rejects());
    assertEquals(385, fx.papers());
    List<Row> rejects = fx.rejects();
    assertEquals(56, rejects.size());
    assertTrue(rejects.stream().allMatch(r -> "no abstract".equals(str(r, "reason"))));
    assertTrue(rejects.stream().allMatch(r -> str(r, "position").contains("(PMID ")));
  }

  @Test
  void eachFileIsRecordedWithItsFormatAndCounts() {
    Map<String, List<Object>> files = fx.warehouse.read(Tables.INGEST_FILES).collectAsList()
        .stream().collect(Collectors.toMap(r -> Path.of(java.net.URI.create(str(r, "path")))
            .getFileName().toString(), r -> List.of(str(r, "format"),
            r.getLong(r.fieldIndex("records")), r.getLong(r.fieldIndex("papers")))));
    assertEquals(Map.of(
        "qi29_pubmed_result.xml", List.of("pubmed-xml", 121L, 102L),
        "sk8erjs69_pubmed_result.xml", List.of("pubmed-xml", 106L, 106L),
        "solitude6060_pubmed_result.xml", List.of("pubmed-xml", 214L, 177L)), files);
  }

  @Test
  void structuredAbstractKeepsItsLabels() {
    Row r = fx.paper("pmid:31045810");
    String[] parts = str(r, "abstract").split("\n");
    assertEquals(List.of("RATIONALE", "PATIENT CONCERNS", "DIAGNOSIS", "INTERVENTIONS",
        "OUTCOMES", "LESSONS"), java.util.Arrays.stream(parts)
        .map(p -> p.substring(0, p.indexOf(": "))).toList());
    assertTrue(parts[0].startsWith("RATIONALE: Cranial arterial air embolism is a rare"));
    assertEquals("pubmed", str(r, "source"));
    assertEquals("31045810", str(r, "source_id"));
    assertEquals(Date.valueOf("2019-05-01"), date(r, "published_date"));
    assertEquals("10.1097/md.0000000000015437", str(r, "doi"));
    assertEquals(List.of("Ming-Yi Wang", "Yong-Sheng Liu", "Xiang-Bo An"),
        list(r, "authors").subList(0, 3));
    assertEquals("en", str(r, "language"));
    assertTrue(str(r, "title").startsWith("Cerebral arterial air embolism after computed"));
  }

  @Test
  void inlineMarkupInAbstractTextIsKeptAsText() {
    String a = str(fx.paper("pmid:28131105"), "abstract");
    assertTrue(a.startsWith("Background\u2003Video-assisted thoracic surgery (VATS) is"), a);
    assertTrue(!a.contains("<b>"));
  }

  @Test
  void medlineDateGivesItsFirstMonth() {
    assertEquals(Date.valueOf("2008-01-01"),
        date(fx.paper("pmid:17205360"), "published_date")); // "2008 Jan-Feb"
    assertEquals(Date.valueOf("2013-09-01"),
        date(fx.paper("pmid:24018495"), "published_date")); // "2013 Sep-Oct"
  }

  @Test
  void bookArticlesAreRead() {
    Row r = fx.paper("pmid:29337475");
    assertEquals("Childhood Nasopharyngeal Cancer Treatment (PDQ®): Patient Version",
        str(r, "title"));
    assertEquals(List.of("PDQ Pediatric Treatment Editorial Board"), list(r, "authors"));
    assertEquals(Date.valueOf("2002-01-01"), date(r, "published_date"));
    long books = fx.warehouse.read(Tables.PAPERS).where(col("paper_id").isin(
        "pmid:29337475")).count();
    assertEquals(1, books);
  }

  @Test
  void theFileWithAByteOrderMarkIsReadWhole() {
    Row r = fx.paper("pmid:26463095");
    assertTrue(str(r, "title").startsWith("Differing prospects for the future of using gene"));
    assertEquals(List.of("Abdullah Ely", "Patrick Arbuthnot"), list(r, "authors"));
    assertEquals(Date.valueOf("2015-09-01"), date(r, "published_date"));
  }

  @Test
  void medlineDatesAcrossYearsAndSeasons() throws Exception {
    assertEquals(java.time.LocalDate.of(1998, 12, 1),
        papertrends.ingest.readers.PubmedXmlReader.medlineDate("1998 Dec-1999 Jan"));
    assertEquals(java.time.LocalDate.of(2000, 1, 1),
        papertrends.ingest.readers.PubmedXmlReader.medlineDate("2000 Spring"));
    assertEquals(java.time.LocalDate.of(2001, 11, 15),
        papertrends.ingest.readers.PubmedXmlReader.medlineDate("2001 Nov 15-21"));
    assertEquals(java.time.LocalDate.of(2019, 1, 1),
        papertrends.ingest.readers.PubmedXmlReader.medlineDate("2019 Jan - Feb"));
  }
}
