package papertrends.ingest.readers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import papertrends.testing.TestSpark;

/** Readers on their own (no Spark job): streaming, secure XML, detection of formats. */
class ReadersTest {
  static final ReadContext CTX = new ReadContext(null, null, LocalDate.of(2026, 11, 20), 200,
      50_000, 2_000);

  static List<Row> read(String format, String file) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return collect(Formats.get(format).read(file, in, CTX));
    }
  }

  static List<Row> read(String format, byte[] bytes) throws Exception {
    return collect(Formats.get(format).read("mem", new ByteArrayInputStream(bytes), CTX));
  }

  static List<Row> collect(Iterator<Row> it) {
    List<Row> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  static long kind(List<Row> rows, String kind) {
    return rows.stream().filter(r -> kind.equals(r.getString(0))).count();
  }

  @Test
  void openAlexPageIsStreamedWorkByWork() throws Exception {
    List<Row> rows = read("openalex", TestSpark.data("openalex/works.json"));
    assertEquals(49, rows.size(), rows.get(0).toString());
    assertEquals(46, kind(rows, Parsed.PAPER));
  }

  @Test
  void formatsAreDetectedFromNameAndFirstBytes() throws Exception {
    assertEquals("pubmed-xml", detect("pubmed-xml/sk8erjs69_pubmed_result.xml"));
    assertEquals("pubmed-xml", detect("pubmed-xml/solitude6060_pubmed_result.xml"));
    assertEquals("openalex", detect("openalex/works.json"));
    assertEquals("arxiv-json", detect("arxiv-oai-snapshot/arxiv-metadata-oai-snapshot.json"));
    assertEquals("trending-page", detect("trending-papers-page.txt"));
    assertEquals("csv", detect("arxiv-api-csv/spc_arxiv_metadata.csv"));
    assertEquals("arxiv-oai", Formats.detect("page.xml", Files.readAllBytes(
        TestSpark.projectDir().resolve("src/test/resources/oai-harvest/listrecords-page-1.xml"))));
    assertEquals("jsonl", Formats.detect("x.jsonl", Files.readAllBytes(
        TestSpark.projectDir().resolve("src/test/resources/mapped/export.jsonl"))));
    assertEquals(null, Formats.detect("notes.xml", bytes("<catalog><book/></catalog>")));
    assertEquals(null, Formats.detect("data.json", bytes("[1, 2, 3]")));
    assertEquals(null, Formats.detect("blob.bin", new byte[] {1, 2, 3}));
    assertTrue(Formats.knownExtension("data.json.gz"));
    assertTrue(!Formats.knownExtension("UPSTREAM-LICENSE-NOTE.md"));
  }

  @Test
  void xmlWithAnExternalEntityIsRefusedWithoutFetchingIt() throws Exception {
    Path secret = Files.createTempFile("secret", ".txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
        + "<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">\n"
        + "<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
        + "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        + "<ArticleTitle>T &xxe; &lol2;</ArticleTitle><Abstract><AbstractText>A</AbstractText>"
        + "</Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";
    List<Row> rows = new ArrayList<>();
    try {
      rows.addAll(read("pubmed-xml", bytes(xml)));
    } catch (RuntimeException e) {
      // refused: the entity is undeclared for a parser that does not read the DTD
      assertTrue(!String.valueOf(e.getMessage()).contains("TOP-SECRET"));
    }
    for (Row r : rows) {
      assertTrue(!r.toString().contains("TOP-SECRET"), r.toString());
      assertTrue(!r.toString().contains("lollol"), r.toString());
    }
  }

  @Test
  void truncatedXmlKeepsTheRecordsBeforeTheFault() throws Exception {
    byte[] all = Files.readAllBytes(Path.of(TestSpark.data("pubmed-xml/qi29_pubmed_result.xml")));
    String s = new String(all, StandardCharsets.UTF_8);
    int third = s.indexOf("<PubmedArticle>", s.indexOf("<PubmedArticle>",
        s.indexOf("<PubmedArticle>") + 1) + 1);
    byte[] cut = s.substring(0, third + 400).getBytes(StandardCharsets.UTF_8);
    Iterator<Row> it = Formats.get("pubmed-xml").read("mem", new ByteArrayInputStream(cut), CTX);
    assertEquals("paper", it.next().getString(0));
    assertEquals("paper", it.next().getString(0));
    RuntimeException fault = org.junit.jupiter.api.Assertions.assertThrows(
        RuntimeException.class, it::hasNext);
    assertTrue(fault.getMessage().toLowerCase(java.util.Locale.ROOT).contains("end of"),
        fault.getMessage());
  }

  static String detect(String rel) throws Exception {
    Path p = Path.of(TestSpark.data(rel));
    try (InputStream in = Files.newInputStream(p)) {
      return Formats.detect(p.getFileName().toString(), in.readNBytes(Formats.HEAD_BYTES));
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
