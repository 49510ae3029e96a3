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

  /**
   * A CSV file whose header lacks a column the mapping names for the id (the real SPC export
   * without its id column), or that is not UTF-8 (the same export as UTF-16), is one reject
   * saying so, not papers under title-hash ids or a "no title" per record; the export as it is
   * gives papers.
   */
  @Test
  void aCsvWithoutTheMappedIdColumnIsOneRejectNotPapersUnderTitleIds() throws Exception {
    Mapping m = Mapping.load(TestSpark.projectDir().resolve("conf/mappings").toString(),
        "arxiv-api-csv");
    ReadContext ctx = new ReadContext("csv", m, LocalDate.of(2026, 11, 20), 200, 50_000, 2_000);
    String spc = TestSpark.data("arxiv-api-csv/spc_arxiv_metadata.csv");
    org.apache.spark.sql.Dataset<Row> all = TestSpark.session().read().option("header", "true")
        .option("multiLine", "true").option("escape", "\"").csv(spc).limit(5);
    Path dir = Files.createTempDirectory("readers-");
    Path withId = dir.resolve("with-id.csv");
    Path withoutId = dir.resolve("without-id.csv");
    Files.writeString(withId, csv(all));
    Files.writeString(withoutId, csv(all.drop("id")));
    List<Row> good = collect(Formats.get("csv").read(withId.toString(),
        Files.newInputStream(withId), ctx));
    assertEquals(5, kind(good, Parsed.PAPER), good.toString());
    assertTrue(good.stream().allMatch(r -> r.getString(Parsed.SCHEMA.fieldIndex("paper_id"))
        .startsWith("arxiv:")));
    List<Row> rows = collect(Formats.get("csv").read(withoutId.toString(),
        Files.newInputStream(withoutId), ctx));
    assertEquals(1, rows.size(), rows.toString());
    assertEquals(Parsed.REJECT, rows.get(0).getString(0));
    assertEquals("CSV header has no column 'id' (id) that mapping arxiv-api-csv names: the file"
        + " does not match the mapping", rows.get(0).getString(3));
    byte[] utf16 = Files.readString(withId).getBytes(StandardCharsets.UTF_16);
    List<Row> wide = collect(Formats.get("csv").read("utf16.csv",
        new ByteArrayInputStream(utf16), ctx));
    assertEquals(1, wide.size(), wide.toString());
    assertTrue(wide.get(0).getString(3).contains("does not match the mapping"),
        wide.toString());
  }

  /**
   * A title or abstract that is a JSON object, or an array of arrays, is a reject saying so, not
   * its JSON stored as the text (arXiv snapshot lines, and a mapped JSON-lines export whose
   * string arrays are still joined).
   */
  @Test
  void jsonThatIsNotTextIsARejectNotStoredAsText() throws Exception {
    String line = "{\"id\":\"2101.0000%d\",\"title\":%s,\"abstract\":%s,"
        + "\"versions\":[{\"version\":\"v1\",\"created\":\"Mon, 4 Jan 2021 10:00:00 GMT\"}],"
        + "\"update_date\":\"2021-01-05\"}\n";
    String arxiv = String.format(line, 1, "\"A Title\"", "\"An abstract.\"")
        + String.format(line, 2, "[[\"Nested\",\"array\"],\"title\"]", "\"An abstract.\"")
        + String.format(line, 3, "\"A Title\"", "{\"en\":\"An abstract.\"}");
    List<Row> rows = read("arxiv-json", arxiv.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(Parsed.PAPER, Parsed.REJECT, Parsed.REJECT),
        rows.stream().map(r -> r.getString(0)).toList());
    assertEquals("title is a JSON array, not text", rows.get(1).getString(3));
    assertEquals("abstract is a JSON object, not text", rows.get(2).getString(3));

    Mapping m = Mapping.load(TestSpark.projectDir().resolve("src/test/resources/mappings")
        .toString(), "export-jsonl");
    ReadContext ctx = new ReadContext("jsonl", m, LocalDate.of(2026, 11, 20), 200, 50_000,
        2_000);
    String jsonl = "{\"doi\":\"10.5555/x.1\",\"meta\":{\"title\":[\"Two\",\"parts\"]},"
        + "\"summary\":\"Text.\"}\n"
        + "{\"doi\":\"10.5555/x.2\",\"meta\":{\"title\":{\"en\":\"Object\"}},"
        + "\"summary\":\"Text.\"}\n";
    List<Row> mapped = collect(Formats.get("jsonl").read("mem", new ByteArrayInputStream(
        jsonl.getBytes(StandardCharsets.UTF_8)), ctx));
    assertEquals(List.of(Parsed.PAPER, Parsed.REJECT),
        mapped.stream().map(r -> r.getString(0)).toList());
    assertEquals("Two|parts", mapped.get(0).getString(Parsed.SCHEMA.fieldIndex("title")));
    assertEquals("title is a JSON object, not text", mapped.get(1).getString(3));
  }

  /** A small DataFrame as CSV text: header and quoted fields, as the arXiv API export writes. */
  static String csv(org.apache.spark.sql.Dataset<Row> df) {
    StringBuilder b = new StringBuilder(String.join(",", df.columns())).append('\n');
    for (Row r : df.collectAsList()) {
      List<String> f = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        f.add(r.isNullAt(i) ? "" : "\"" + r.getString(i).replace("\"", "\"\"") + "\"");
      }
      b.append(String.join(",", f)).append('\n');
    }
    return b.toString();
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
