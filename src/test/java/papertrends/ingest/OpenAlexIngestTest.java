package papertrends.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static papertrends.ingest.IngestFixture.date;
import static papertrends.ingest.IngestFixture.list;
import static papertrends.ingest.IngestFixture.str;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.TestSpark;

/**
 * OpenAlex: the real API page (49 works, 46 with an abstract) and the same works as JSON lines
 * (the snapshot's shape), both detected by --format auto.
 */
class OpenAlexIngestTest {
  @TempDir
  static Path dir;
  static IngestFixture page;
  static IngestFixture lines;
  static IngestJob.Result pageResult;
  static IngestJob.Result linesResult;

  @BeforeAll
  static void ingest() throws Exception {
    page = new IngestFixture(dir.resolve("page"));
    pageResult = page.ingest(TestSpark.data("openalex/works.json"), "auto", null);
    // The page's works, one per line: what an OpenAlex snapshot file holds.
    ObjectMapper json = new ObjectMapper();
    JsonNode results = json.readTree(Path.of(TestSpark.data("openalex/works.json")).toFile())
        .get("results");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      b.append(json.writeValueAsString(results.get(i))).append('\n');
    }
    Path jsonl = dir.resolve("works-part-000.jsonl");
    Files.writeString(jsonl, b.toString());
    lines = new IngestFixture(dir.resolve("lines"));
    linesResult = lines.ingest(jsonl.toString(), "auto", null);
  }

  @Test
  void everyWorkWithAnAbstractIsAPaper() {
    assertEquals(49, pageResult.records());
    assertEquals(46, pageResult.inserted());
    assertEquals(3, pageResult.rejects());
    assertEquals(46, page.papers());
    assertEquals(List.of("no abstract", "no abstract", "no abstract"),
        page.rejects().stream().map(r -> str(r, "reason")).toList());
    assertTrue(page.rejects().stream().anyMatch(r -> str(r, "position")
        .equals("result 22 (W3009256126)") || str(r, "position").contains("W3009256126")));
  }

  @Test
  void abstractIsRebuiltFromTheInvertedIndex() {
    Row r = page.paper("openalex:W2068311567");
    assertTrue(str(r, "abstract").startsWith("Existing climate classification has not been"
        + " designed for"), str(r, "abstract"));
    assertEquals("10.4081/gh.2014.294", str(r, "doi"));
    assertEquals("openalex", str(r, "source"));
    assertEquals("W2068311567", str(r, "source_id"));
    assertEquals(Date.valueOf("2014-12-01"), date(r, "published_date"));
    assertEquals(Date.valueOf("2024-04-25"), date(r, "updated_date"));
    assertEquals("Alexander Liss", list(r, "authors").get(0));
    assertEquals("Impact of Climate Change on Human Health", list(r, "categories").get(0));
    assertEquals("en", str(r, "language"));
  }

  @Test
  void abstractWordsAreInPositionOrder() throws Exception {
    JsonNode index = new ObjectMapper().readTree(
        "{\"the\": [0, 3], \"cat\": [1], \"saw\": [2], \"dog\": [4]}");
    assertEquals("the cat saw the dog",
        papertrends.ingest.readers.OpenAlexReader.abstractText(index));
  }

  @Test
  void jsonLinesOfWorksAreReadLikeThePage() {
    assertEquals(5, linesResult.records());
    assertEquals(0, linesResult.rejects());
    Row a = lines.paper("openalex:W2068311567");
    Row b = page.paper("openalex:W2068311567");
    for (String c : List.of("title", "abstract", "doi", "content_hash")) {
      assertEquals(str(b, c), str(a, c), c);
    }
  }
}
