package papertrends.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import papertrends.ingest.readers.FormatReader;
import papertrends.ingest.readers.Formats;
import papertrends.ingest.readers.Mapping;
import papertrends.ingest.readers.Parsed;
import papertrends.ingest.readers.ReadContext;

/**
 * Realistic benchmark corpora of any size: each document is one whole real abstract (and title)
 * from ../shared/data with small word-level perturbations (synonyms, typos, dropped words; never
 * reordered sentences, which would destroy topic structure), a new arXiv-style id and a new
 * date. Output is CSV in the arXiv API layout, read with the {@code arxiv-api-csv} mapping.
 * Deterministic for a seed; document i's text and date depend only on (seed, i) and ids are
 * numbered in order, so a smaller corpus is a prefix of a larger one.
 */
public final class CorpusGenerator {
  /** Name of the mapping the output is read with. */
  public static final String MAPPING = "arxiv-api-csv";
  /** Header of the output CSV; {@code comment} names the real paper a document came from. */
  public static final String HEADER =
      "id,submitted,updated,title,abstract,authors,categories,doi,primary_category,comment";
  /** Documents per output file, so ingest parses files in parallel. */
  public static final int DOCS_PER_FILE = 10_000;
  /** Share of words replaced by a synonym, given a typo, or dropped. */
  static final double SYNONYM = 0.03;
  static final double TYPO = 0.01;
  static final double DROP = 0.01;

  private static final LocalDate FIRST_DATE = LocalDate.of(2016, 1, 1);
  private static final LocalDate LAST_DATE = LocalDate.of(2026, 8, 31);
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final Map<String, String> SYNONYMS = synonyms(
      "method approach", "propose present", "show demonstrate", "use employ", "novel new",
      "results findings", "significant substantial", "improve enhance", "large big",
      "accurate precise", "fast quick", "study investigate", "obtain achieve",
      "important crucial", "existing current", "several multiple", "various diverse",
      "performance effectiveness", "framework scheme", "paper work", "evaluate assess",
      "develop design", "robust resilient", "efficient economical", "typically usually",
      "often frequently", "provide offer", "require need", "consider examine",
      "model representation", "problem task", "technique procedure", "however nevertheless",
      "moreover furthermore", "analysis examination", "optimal best", "small little");

  /** One real paper that documents are sampled from. */
  public record Source(String paperId, String title, String abstractText, List<String> authors,
      List<String> categories) {}

  private CorpusGenerator() {}

  /**
   * The real papers of the CSV set and the trending page under {@code sharedData}, read with the
   * project's own readers, deduplicated by paper_id and sorted by it (so sampling is stable).
   */
  public static List<Source> readSources(Path sharedData, Path mappingsDir) throws IOException {
    Map<String, Source> byId = new TreeMap<>();
    ReadContext csv = context("csv", Mapping.load(mappingsDir.toString(), MAPPING));
    List<Path> csvFiles;
    try (Stream<Path> s = Files.list(sharedData.resolve("arxiv-api-csv"))) {
      csvFiles = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path f : csvFiles) {
      collect(f, csv, byId);
    }
    collect(sharedData.resolve("trending-papers-page.txt"), context("trending-page", null),
        byId);
    return List.copyOf(byId.values());
  }

  private static ReadContext context(String format, Mapping mapping) {
    return new ReadContext(format, mapping, LocalDate.of(2026, 1, 1), 200, 50_000, 2_000);
  }

  private static void collect(Path file, ReadContext ctx, Map<String, Source> into)
      throws IOException {
    FormatReader reader = Formats.get(ctx.format());
    int kind = Parsed.SCHEMA.fieldIndex("kind");
    int id = Parsed.SCHEMA.fieldIndex("paper_id");
    int title = Parsed.SCHEMA.fieldIndex("title");
    int abs = Parsed.SCHEMA.fieldIndex("abstract");
    int authors = Parsed.SCHEMA.fieldIndex("authors");
    int cats = Parsed.SCHEMA.fieldIndex("categories");
    try (InputStream in = Files.newInputStream(file)) {
      Iterator<Row> rows = reader.read(file.toString(), in, ctx);
      while (rows.hasNext()) {
        Row r = rows.next();
        if (Parsed.PAPER.equals(r.getString(kind)) && !r.isNullAt(abs)) {
          into.putIfAbsent(r.getString(id), new Source(r.getString(id), r.getString(title),
              r.getString(abs), list(r, authors), list(r, cats)));
        }
      }
    }
  }

  private static List<String> list(Row r, int i) {
    return r.isNullAt(i) ? List.of() : r.<String>getList(i);
  }

  /**
   * Writes {@code docs} documents sampled from {@code sources} into {@code outDir} (files
   * part-NNNNN.csv of at most {@link #DOCS_PER_FILE} documents), replacing what was there.
   */
  public static void write(List<Source> sources, int docs, long seed, Path outDir)
      throws IOException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source abstracts to sample from");
    }
    Files.createDirectories(outDir);
    try (Stream<Path> old = Files.list(outDir)) {
      for (Path p : old.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        Files.delete(p);
      }
    }
    Map<String, Integer> perMonth = new HashMap<>();
    BufferedWriter w = null;
    try {
      for (int i = 0; i < docs; i++) {
        if (i % DOCS_PER_FILE == 0) {
          if (w != null) {
            w.close();
          }
          w = Files.newBufferedWriter(outDir.resolve(String.format(Locale.ROOT,
              "part-%05d.csv", i / DOCS_PER_FILE)), StandardCharsets.UTF_8);
          w.write(HEADER);
          w.write('\n');
        }
        w.write(document(sources, seed, i, perMonth));
        w.write('\n');
      }
    } finally {
      if (w != null) {
        w.close();
      }
    }
  }

  /** The CSV line of document i. */
  static String document(List<Source> sources, long seed, int i, Map<String, Integer> perMonth) {
    Random rnd = new Random(seed * 1_000_003L + i);
    Source s = sources.get(rnd.nextInt(sources.size()));
    long span = LAST_DATE.toEpochDay() - FIRST_DATE.toEpochDay();
    // More papers in later years, as on arXiv: the density of dates grows linearly.
    LocalDate day = LocalDate.ofEpochDay(FIRST_DATE.toEpochDay()
        + (long) (Math.sqrt(rnd.nextDouble()) * span));
    LocalDateTime at = LocalDateTime.of(day, LocalTime.ofSecondOfDay(rnd.nextInt(86_400)));
    String yymm = String.format(Locale.ROOT, "%02d%02d", day.getYear() % 100,
        day.getMonthValue());
    int seq = perMonth.merge(yymm, 1, Integer::sum);
    // numbers from 90000 up: above any real arXiv month so far, so no real id is reused
    String id = String.format(Locale.ROOT, "%s.%05dv1", yymm, 90_000 + seq);
    String cats = String.join("|", s.categories());
    return String.join(",", quote(id), quote(at + "Z"),
        quote(at.toLocalDate() + " " + at.toLocalTime()), quote(perturb(s.title(), rnd)),
        quote(perturb(s.abstractText(), rnd)), quote(String.join("|", s.authors())),
        quote(cats), quote(""), quote(s.categories().isEmpty() ? "" : s.categories().get(0)),
        quote("derived from " + s.paperId()));
  }

  /**
   * The text with a few words changed in place: a synonym (a few percent of words), a typo
   * (two inner letters swapped) or a dropped word. Everything else, order included, is kept.
   */
  static String perturb(String text, Random rnd) {
    if (text == null) {
      return "";
    }
    Matcher m = WORD.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      String word = m.group();
      out.append(text, last, m.start());
      last = m.end();
      if (word.length() < 4) {
        out.append(word);
        continue;
      }
      double r = rnd.nextDouble();
      String syn = SYNONYMS.get(word.toLowerCase(Locale.ROOT));
      if (r < SYNONYM && syn != null) {
        out.append(Character.isUpperCase(word.charAt(0))
            ? Character.toUpperCase(syn.charAt(0)) + syn.substring(1) : syn);
      } else if (r < SYNONYM + TYPO && word.length() >= 5) {
        int j = 1 + rnd.nextInt(word.length() - 3);
        char[] c = word.toCharArray();
        char t = c[j];
        c[j] = c[j + 1];
        c[j + 1] = t;
        out.append(c);
      } else if (r < SYNONYM + TYPO + DROP) {
        // drop the word and one following space, so no double space is left behind
        if (last < text.length() && text.charAt(last) == ' ') {
          last++;
        }
      } else {
        out.append(word);
      }
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private static String quote(String v) {
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }

  private static Map<String, String> synonyms(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (String p : pairs) {
      String[] ab = p.split(" ");
      m.put(ab[0], ab[1]);
      m.put(ab[1], ab[0]);
    }
    return Map.copyOf(m);
  }

  /**
   * Writes a corpus: {@code CorpusGenerator SHARED_DATA MAPPINGS_DIR DOCS SEED OUT_DIR}.
   * Used by bench/run.sh, which writes each corpus once and reuses it.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: CorpusGenerator SHARED_DATA MAPPINGS_DIR DOCS SEED OUT_DIR");
      System.exit(2);
    }
    List<Source> sources = readSources(Path.of(args[0]), Path.of(args[1]));
    int docs = Integer.parseInt(args[2]);
    write(sources, docs, Long.parseLong(args[3]), Path.of(args[4]));
    System.err.printf(Locale.ROOT, "bench: wrote %d documents sampled from %d real papers to %s%n",
        docs, sources.size(), args[4]);
  }
}
