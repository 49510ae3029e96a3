package papertrends.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.ingest.readers.Formats;
import papertrends.ingest.readers.Mapping;
import papertrends.ingest.readers.Parsed;
import papertrends.ingest.readers.ReadContext;
import papertrends.testing.TestSpark;

/** The benchmark corpus generator: deterministic, whole real abstracts, ingestible. */
class CorpusGeneratorTest {
  private static final int DOCS = 300;
  private static final Pattern WORD = Pattern.compile("\\p{L}+");

  @TempDir
  static Path tmp;
  static List<CorpusGenerator.Source> sources;
  static Path first;

  @BeforeAll
  static void generate() throws Exception {
    sources = CorpusGenerator.readSources(TestSpark.sharedData(),
        TestSpark.projectDir().resolve("conf/mappings"));
    first = tmp.resolve("a");
    CorpusGenerator.write(sources, DOCS, 7, first);
  }

  @Test
  void readsTheRealPapersOfTheCsvSetAndThePage() {
    // 1,586 unique arXiv ids in the CSV set, plus the page's papers (by title hash)
    long arxiv = sources.stream().filter(s -> s.paperId().startsWith("arxiv:")).count();
    long page = sources.stream().filter(s -> s.paperId().startsWith("title:")).count();
    assertEquals(1586, arxiv);
    assertTrue(page > 200, "papers of the trending page: " + page);
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherCorpus() throws Exception {
    Path again = tmp.resolve("b");
    Path other = tmp.resolve("c");
    CorpusGenerator.write(sources, DOCS, 7, again);
    CorpusGenerator.write(sources, DOCS, 8, other);
    byte[] a = Files.readAllBytes(first.resolve("part-00000.csv"));
    assertArrayEquals(a, Files.readAllBytes(again.resolve("part-00000.csv")));
    assertFalse(new String(a).equals(
        Files.readString(other.resolve("part-00000.csv"))));
  }

  @Test
  void everyDocumentIsOneWholeRealAbstractWithFewWordEdits() throws Exception {
    Map<String, CorpusGenerator.Source> byId = new HashMap<>();
    sources.forEach(s -> byId.put(s.paperId(), s));
    CsvParserSettings cs = new CsvParserSettings();
    cs.setHeaderExtractionEnabled(true);
    cs.setMaxCharsPerColumn(-1);
    List<String[]> rows = new CsvParser(cs).parseAll(first.resolve("part-00000.csv").toFile());
    assertEquals(DOCS, rows.size());
    Set<String> usedSources = new HashSet<>();
    double editShareSum = 0;
    for (String[] r : rows) {
      String from = r[9].replace("derived from ", "");
      CorpusGenerator.Source src = byId.get(from);
      usedSources.add(from);
      List<String> orig = words(src.abstractText());
      int edits = wordEditDistance(orig, words(r[4]));
      double share = (double) edits / orig.size();
      // a shuffled or truncated abstract would be far above this
      assertTrue(share <= 0.15, r[0] + " differs from " + from + " in " + edits + " of "
          + orig.size() + " words");
      editShareSum += share;
    }
    double mean = editShareSum / DOCS;
    assertTrue(mean > 0.005 && mean < 0.06, "mean share of edited words " + mean);
    assertTrue(usedSources.size() > 200, "distinct sources " + usedSources.size());
  }

  @Test
  void theProjectsCsvReaderIngestsEveryDocumentWithANewId() throws Exception {
    ReadContext ctx = new ReadContext("csv", Mapping.load(
        TestSpark.projectDir().resolve("conf/mappings").toString(), CorpusGenerator.MAPPING),
        java.time.LocalDate.of(2026, 1, 1), 200, 50_000, 2_000);
    Set<String> ids = new HashSet<>();
    List<String> rejects = new ArrayList<>();
    Path f = first.resolve("part-00000.csv");
    try (InputStream in = Files.newInputStream(f)) {
      Iterator<Row> it = Formats.get("csv").read(f.toString(), in, ctx);
      while (it.hasNext()) {
        Row r = it.next();
        if (Parsed.PAPER.equals(r.getString(Parsed.SCHEMA.fieldIndex("kind")))) {
          ids.add(r.getString(Parsed.SCHEMA.fieldIndex("paper_id")));
          assertFalse(r.isNullAt(Parsed.SCHEMA.fieldIndex("published_date")));
        } else {
          rejects.add(r.getString(Parsed.SCHEMA.fieldIndex("reason")));
        }
      }
    }
    assertEquals(List.of(), rejects);
    assertEquals(DOCS, ids.size());
    assertTrue(ids.stream().noneMatch(id -> sources.stream()
        .anyMatch(s -> s.paperId().equals(id))), "generated ids collide with real ones");
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(s);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static int wordEditDistance(List<String> a, List<String> b) {
    int[] prev = new int[b.size() + 1];
    int[] cur = new int[b.size() + 1];
    for (int j = 0; j <= b.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.size(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.size(); j++) {
        int sub = prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.size()];
  }
}
