package papertrends.topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import papertrends.features.Stopwords;
import papertrends.features.TextCleaner;
import papertrends.features.TextModel;
import papertrends.testing.TestSpark;

/**
 * A planted corpus: three disjoint vocabularies taken from real abstracts (PubMed XML, the
 * arXiv control-chart CSV, the trending page), each the most frequent words of its source that
 * never occur in the other two; documents are drawn from one vocabulary each.
 */
final class PlantedCorpus {
  static final List<String> SOURCES = List.of("pubmed", "spc", "trending");
  static final StructType PAPERS = StructType.fromDDL(
      "paper_id STRING, title STRING, abstract STRING, source STRING");

  final Map<String, List<String>> words = new HashMap<>();
  final Map<String, List<Integer>> counts = new HashMap<>();

  PlantedCorpus(SparkSession spark, int wordsPerSource) throws IOException {
    Map<String, Map<String, Integer>> freq = new HashMap<>();
    freq.put("pubmed", frequencies(pubmedText()));
    freq.put("spc", frequencies(spark.read().option("header", "true")
        .option("multiLine", "true").option("escape", "\"")
        .csv(TestSpark.data("arxiv-api-csv/spc_arxiv_metadata.csv")).select("abstract")
        .collectAsList().stream().map(r -> r.getString(0)).filter(s -> s != null)
        .collect(Collectors.joining("\n"))));
    freq.put("trending", frequencies(Files.readString(
        Path.of(TestSpark.data("trending-papers-page.txt")), StandardCharsets.UTF_8)));
    for (String s : SOURCES) {
      Set<String> others = new HashSet<>();
      SOURCES.stream().filter(o -> !o.equals(s)).forEach(o -> others.addAll(
          freq.get(o).keySet()));
      List<Map.Entry<String, Integer>> own = freq.get(s).entrySet().stream()
          .filter(e -> !others.contains(e.getKey()))
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
              .thenComparing(Map.Entry.comparingByKey()))
          .limit(wordsPerSource).toList();
      words.put(s, own.stream().map(Map.Entry::getKey).toList());
      counts.put(s, own.stream().map(Map.Entry::getValue).toList());
    }
  }

  /** Papers planted:SOURCE:I for I in [from, to), each of docLength words of its source. */
  Dataset<Row> papers(SparkSession spark, int from, int to, int docLength) {
    List<Row> rows = new ArrayList<>();
    for (String s : SOURCES) {
      List<String> w = words.get(s);
      List<Integer> c = counts.get(s);
      long total = c.stream().mapToLong(Integer::longValue).sum();
      for (int i = from; i < to; i++) {
        Random rnd = new Random(31L * i + s.hashCode());
        StringBuilder b = new StringBuilder();
        for (int j = 0; j < docLength; j++) {
          long x = (long) (rnd.nextDouble() * total);
          int pick = 0;
          while (x >= c.get(pick)) {
            x -= c.get(pick);
            pick++;
          }
          b.append(w.get(pick)).append(j % 8 == 7 ? ". " : " ");
        }
        rows.add(RowFactory.create(String.format("planted:%s:%04d", s, i), "", b.toString(), s));
      }
    }
    return spark.createDataFrame(rows, PAPERS);
  }

  static String sourceOf(String paperId) {
    return paperId.split(":")[1];
  }

  private static String pubmedText() throws IOException {
    StringBuilder b = new StringBuilder();
    Pattern p = Pattern.compile("<AbstractText[^>]*>(.*?)</AbstractText>", Pattern.DOTALL);
    try (var files = Files.list(Path.of(TestSpark.data("pubmed-xml")))) {
      for (Path f : files.sorted().toList()) {
        Matcher m = p.matcher(Files.readString(f, StandardCharsets.UTF_8));
        while (m.find()) {
          b.append(m.group(1)).append('\n');
        }
      }
    }
    return b.toString();
  }

  /** Alphabetic words of at least five letters, stopwords removed, with their counts. */
  private static Map<String, Integer> frequencies(String text) {
    Stopwords sw = Stopwords.load(TestSpark.projectDir()
        .resolve("conf/stopwords-academic.txt").toString());
    TextModel m = new TextModel(5, sw.words(), sw.phrases(), Map.of(), Set.of());
    Map<String, Integer> f = new HashMap<>();
    for (String t : m.tokens(TextCleaner.clean(text))) {
      if (t.matches("[a-z]{5,}") && t.equals(papertrends.features.Terms.foldKey(t))) {
        f.merge(t, 1, Integer::sum);
      }
    }
    return f;
  }
}
