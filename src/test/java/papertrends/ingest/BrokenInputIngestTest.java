package papertrends.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static papertrends.ingest.IngestFixture.str;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.TestSpark;

/**
 * A landing folder of broken input, read with --format auto: every bad record or file is one
 * rejects row (file, position, reason, snippet cut to snippet-chars), every good record is a
 * paper, and the summary counts both. The same folder with the default max-reject-share fails
 * after writing its rejects, without touching papers.
 */
class BrokenInputIngestTest {
  static final int SNIPPET = 80;

  @TempDir
  static Path dir;
  static Path landing;
  static IngestFixture fx;
  static IngestJob.Result result;

  @BeforeAll
  static void ingest() throws Exception {
    landing = dir.resolve("landing");
    Files.createDirectories(landing);
    writeCorpus(landing);
    fx = new IngestFixture(dir.resolve("ok"), "papertrends.ingest.max-reject-share=0.9",
        "papertrends.ingest.snippet-chars=" + SNIPPET);
    result = fx.ingest(landing.toString(), "auto", null);
  }

  static String arxivLine(String id, String title, String abs, String updated) {
    return "{\"id\":\"" + id + "\",\"submitter\":\"X\",\"authors\":\"A. Author\",\"title\":"
        + (title == null ? "null" : "\"" + title + "\"") + ",\"categories\":\"cs.LG\","
        + "\"abstract\":" + (abs == null ? "null" : "\"" + abs + "\"") + ",\"versions\":"
        + "[{\"version\":\"v1\",\"created\":\"Mon, 4 Jan 2021 10:00:00 GMT\"}],"
        + "\"update_date\":\"" + updated + "\",\"authors_parsed\":[[\"Author\",\"A.\",\"\"]]}";
  }

  static void writeCorpus(Path d) throws Exception {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    List<String> text = List.of(
        arxivLine("2101.00001", "Good Paper One", "A fine abstract.", "2021-01-05"),
        "{\"id\":\"2101.00002\",\"title\":\"Broken JSON\",\"abstract\":\"cut here",
        arxivLine("2101.00003", "No Abstract Here", null, "2021-01-05"),
        arxivLine("2101.00004", null, "An abstract without a title.", "2021-01-05"),
        arxivLine("2101.00005", "Impossible Date", "February has no 30th.", "2021-02-30"));
    for (String t : text) {
      lines.write((t + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // invalid UTF-8: a lone continuation byte and a truncated two-byte sequence
    byte[] bad = arxivLine("2101.00006", "Bad Bytes XX", "Some text.", "2021-01-05")
        .getBytes(StandardCharsets.UTF_8);
    String badText = new String(bad, StandardCharsets.UTF_8);
    int at = badText.indexOf("XX");
    bad[at] = (byte) 0x80;
    bad[at + 1] = (byte) 0xC3;
    lines.write(bad);
    lines.write('\n');
    lines.write((arxivLine("2101.00007", "Huge Abstract", "word ".repeat(210_000),
        "2021-01-05") + "\n").getBytes(StandardCharsets.UTF_8));
    lines.write((arxivLine("2101.00008", "Good Paper Two", "Another fine abstract.",
        "2021-01-06") + "\r\n").getBytes(StandardCharsets.UTF_8));
    Files.write(d.resolve("arxiv-batch.jsonl"), lines.toByteArray());

    // a PubMed file cut in the middle of its third record
    String pubmed = Files.readString(Path.of(TestSpark.data(
        "pubmed-xml/sk8erjs69_pubmed_result.xml")));
    int first = pubmed.indexOf("<PubmedArticle>");
    int third = pubmed.indexOf("<PubmedArticle>", pubmed.indexOf("<PubmedArticle>",
        first + 1) + 1);
    Files.writeString(d.resolve("pubmed-cut.xml"), pubmed.substring(0, third + 500));
    Files.write(d.resolve("empty.json"), new byte[0]);
    Files.writeString(d.resolve("catalog.xml"), "<?xml version=\"1.0\"?>\n<catalog><book id="
        + "\"1\">Not a paper format</book></catalog>\n");
    Files.writeString(d.resolve("README.md"), "Notes about this landing folder.\n");
  }

  @Test
  void everyBadRecordOrFileIsOneReject() {
    Map<String, String> byPlace = new TreeMap<>();
    for (Row r : fx.rejects()) {
      String file = Path.of(java.net.URI.create(str(r, "file"))).getFileName().toString();
      byPlace.put(file + " " + str(r, "position"), str(r, "reason"));
    }
    assertEquals(9, byPlace.size(), byPlace.toString());
    assertEquals("malformed JSON", cut(byPlace.get("arxiv-batch.jsonl line 2")));
    assertEquals("no abstract", byPlace.get("arxiv-batch.jsonl line 3 (2101.00003)"));
    assertEquals("no title", byPlace.get("arxiv-batch.jsonl line 4 (2101.00004)"));
    assertEquals("impossible date '2021-02-30'",
        byPlace.get("arxiv-batch.jsonl line 5 (2101.00005)"));
    assertEquals("invalid UTF-8", byPlace.get("arxiv-batch.jsonl line 6"));
    assertTrue(byPlace.get("arxiv-batch.jsonl line 7 (2101.00007)")
        .startsWith("abstract longer than 50000 characters"));
    assertTrue(byPlace.get("pubmed-cut.xml after record 2")
        .startsWith("malformed pubmed-xml file, reading stopped"));
    assertEquals("empty file", byPlace.get("empty.json file"));
    assertTrue(byPlace.get("catalog.xml file").startsWith("unknown format"));
  }

  @Test
  void everyGoodRecordIsAPaper() {
    List<String> ids = fx.warehouse.read(Tables.PAPERS).orderBy("paper_id")
        .select("paper_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(4, ids.size(), ids.toString());
    assertEquals(List.of("arxiv:2101.00001", "arxiv:2101.00008"), ids.subList(0, 2));
    assertTrue(ids.subList(2, 4).stream().allMatch(i -> i.startsWith("pmid:")));
  }

  @Test
  void summaryCountsBothAndSnippetsAreCut() {
    assertEquals(4, result.filesTaken());
    assertEquals(8 + 3 + 1 + 1, result.records());
    assertEquals(9, result.rejects());
    assertEquals(4, result.inserted());
    assertTrue(result.counts().contains("rejects 9"), result.counts());
    for (Row r : fx.rejects()) {
      String s = str(r, "snippet");
      assertTrue(s == null || s.length() <= SNIPPET, s);
    }
    Row huge = fx.rejects().stream().filter(r -> str(r, "position").contains("2101.00007"))
        .findFirst().orElseThrow();
    assertEquals(SNIPPET, str(huge, "snippet").length());
    assertTrue(str(huge, "snippet").startsWith("{\"id\":\"2101.00007\""));
    Row utf = fx.rejects().stream().filter(r -> "invalid UTF-8".equals(str(r, "reason")))
        .findFirst().orElseThrow();
    assertTrue(str(utf, "snippet").contains("2101.00006"));
  }

  @Test
  void theNoteIsIgnoredNotRejected() {
    assertTrue(fx.warehouse.read(Tables.INGEST_FILES).collectAsList().stream()
        .noneMatch(r -> str(r, "path").endsWith("README.md")));
    assertEquals(4, fx.warehouse.read(Tables.INGEST_FILES).count());
  }

  @Test
  void aBatchAboveMaxRejectShareFailsAfterWritingItsRejects() throws Exception {
    IngestFixture strict = new IngestFixture(dir.resolve("strict"));
    IngestJob.TooManyRejects e = assertThrows(IngestJob.TooManyRejects.class,
        () -> strict.ingest(landing.toString(), "auto", null));
    assertTrue(e.getMessage().contains("rejected 9 of 13 records"), e.getMessage());
    assertEquals(9, strict.rejects().size());
    assertEquals(-1, strict.warehouse.version(Tables.PAPERS));
    assertEquals(-1, strict.warehouse.version(Tables.INGEST_FILES));
  }

  /**
   * A parser's fault in a reject's reason names the fault, not the shaded class Woodstox
   * repeats in brackets: a real PubMed record with an undeclared entity in its title, and the
   * bracketed message the ingest job's WstxLazyException carries.
   */
  @Test
  void aParserFaultIsReportedWithoutTheShadedClassName() throws Exception {
    String pubmed = Files.readString(Path.of(TestSpark.data(
        "pubmed-xml/sk8erjs69_pubmed_result.xml")));
    int start = pubmed.indexOf("<ArticleTitle>") + "<ArticleTitle>".length();
    byte[] xml = (pubmed.substring(0, start) + "&lol;" + pubmed.substring(start))
        .getBytes(StandardCharsets.UTF_8);
    papertrends.ingest.readers.ReadContext ctx = new papertrends.ingest.readers.ReadContext(
        "pubmed-xml", null, java.time.LocalDate.of(2026, 11, 20), 200, 50_000, 2_000);
    RuntimeException fault = assertThrows(RuntimeException.class, () ->
        papertrends.ingest.readers.Formats.get("pubmed-xml").read("mem",
            new java.io.ByteArrayInputStream(xml), ctx).forEachRemaining(r -> { }));
    String m = FileParser.message(fault);
    assertTrue(m.startsWith(fault.getClass().getSimpleName()
        + ": Undeclared general entity \"lol\""), m);
    assertTrue(!m.contains("org.apache") && !m.contains("ctc.wstx"), m);
    // the reader path above carries no class in brackets; the message of the ingest job's
    // WstxLazyException does ("[org.….WstxLazyException] Undeclared general entity …"): it goes
    assertEquals("WstxLazyException: Undeclared general entity \"e\"", FileParser.message(
        new WstxLazyException("[org.apache.hadoop.shaded.com.ctc.wstx.exc.WstxLazyException]"
            + " Undeclared general entity \"e\"")));
    // only a dotted class name goes: an error class in brackets (Spark's) stays
    assertEquals("IllegalStateException: [UNRESOLVED_COLUMN] no column x",
        FileParser.message(new IllegalStateException("[UNRESOLVED_COLUMN] no column x")));
  }

  /** Stands for Woodstox's exception of that name (the simple name is what the reason shows). */
  static final class WstxLazyException extends RuntimeException {
    WstxLazyException(String message) {
      super(message);
    }
  }

  private static String cut(String reason) {
    return reason.startsWith("malformed JSON") ? "malformed JSON" : reason;
  }
}
