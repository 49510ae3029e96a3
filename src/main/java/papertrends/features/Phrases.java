package papertrends.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Frames;

/**
 * Significant phrases of a corpus: pairs of adjacent terms scored by NPMI and Dunning's
 * log-likelihood ratio (G²), which rewards evidence, so a frequent collocation of a common word
 * ranks above a pair of names seen five times. A second round over the merged terms finds
 * three-word phrases ("remaining useful life").
 */
public final class Phrases {
  private Phrases() {}

  /**
   * Which candidates become phrases: count at least minCount and NPMI at least minNpmi, or a
   * frequent pair (in at least keepDocShare of the documents) with NPMI at least keepMinNpmi;
   * frequent pairs first, then by G²; at most max (null: no cap; frequent pairs never cut).
   */
  public record Rule(int minCount, double minNpmi, double keepDocShare, double keepMinNpmi,
      Integer max, int maxWords) {}

  /** Per document: an item (w2 null) or a pair of adjacent items, and its count there. */
  static final StructType COUNT_SCHEMA = StructType.fromDDL("w1 STRING, w2 STRING, n LONG");
  /** A candidate pair: its joined phrase, words, count, documents, NPMI and G². */
  record Scored(String phrase, int words, long count, long docFreq, double npmi, double llr) {}

  /**
   * Every pair of adjacent items (no break between them) of the tokens column whose joined
   * phrase has exactly `words` words, seen at least minCount times, with its count, documents,
   * NPMI and G² (probabilities over item positions). One Spark job counts the items and the
   * pairs together; the scores are computed on the driver (a corpus has far fewer distinct items
   * than pairs, and the pairs seen at least minCount times are few enough to collect).
   */
  static List<Scored> scored(Dataset<Row> seqs, int minCount, int words) {
    Frames.require(seqs, "phrase candidates", Features.TOKENS);
    Map<String, Long> items = new HashMap<>();
    List<Row> pairs = new ArrayList<>();
    for (Row r : seqs.select(Features.TOKENS).flatMap((FlatMapFunction<Row, Row>) r -> {
      List<String> t = r.getList(0);
      Map<String, Long> itemsInDoc = new HashMap<>();
      Map<List<String>, Long> inDoc = new HashMap<>();
      for (int i = 0; i < t.size(); i++) {
        String a = t.get(i);
        if (a.isEmpty()) {
          continue;
        }
        itemsInDoc.merge(a, 1L, Long::sum);
        if (i + 1 < t.size()) {
          String b = t.get(i + 1);
          if (!b.isEmpty() && !a.equals(b) && wordCount(a) + wordCount(b) == words) {
            inDoc.merge(List.of(a, b), 1L, Long::sum);
          }
        }
      }
      List<Row> out = new ArrayList<>(itemsInDoc.size() + inDoc.size());
      itemsInDoc.forEach((w, n) -> out.add(RowFactory.create(w, null, n)));
      inDoc.forEach((p, n) -> out.add(RowFactory.create(p.get(0), p.get(1), n)));
      return out.iterator();
    }, Encoders.row(COUNT_SCHEMA)).groupBy("w1", "w2")
        .agg(sum("n").as("c12"), count(lit(1)).as("df"))
        .where(col("w2").isNull().or(col("c12").geq(minCount)))
        .collectAsList()) {
      if (r.isNullAt(1)) {
        items.put(r.getString(0), r.getLong(2));
      } else {
        pairs.add(r);
      }
    }
    long all = 0;
    for (long c : items.values()) {
      all += c;
    }
    double total = Math.max(1, all);
    List<Scored> out = new ArrayList<>(pairs.size());
    for (Row r : pairs) {
      long c12 = r.getLong(2);
      long c1 = items.get(r.getString(0));
      long c2 = items.get(r.getString(1));
      out.add(new Scored(r.getString(0) + " " + r.getString(1), words, c12, r.getLong(3),
          npmi(c12, c1, c2, total), llr(c12, c1, c2, total)));
    }
    return out;
  }

  /**
   * The phrases the rule keeps, best first: frequent ones (in at least keepDocShare of the docs
   * with NPMI at least keepMinNpmi), then by G², then by phrase; at most max (null: all),
   * frequent ones never cut.
   */
  static List<String> chosen(List<Scored> scored, long docs, Rule rule) {
    long keepDf = Math.max(1, (long) Math.ceil(rule.keepDocShare() * docs));
    record Kept(Scored c, boolean frequent) {}
    List<Kept> kept = new ArrayList<>();
    for (Scored c : scored) {
      boolean f = c.docFreq() >= keepDf && c.npmi() >= rule.keepMinNpmi();
      if (f || c.npmi() >= rule.minNpmi()) {
        kept.add(new Kept(c, f));
      }
    }
    kept.sort(Comparator.comparing((Kept k) -> !k.frequent())
        .thenComparing(k -> k.c().llr(), Comparator.reverseOrder())
        .thenComparing(k -> k.c().phrase()));
    List<String> out = new ArrayList<>();
    for (Kept k : kept) {
      if (rule.max() == null || out.size() < rule.max() || k.frequent()) {
        out.add(k.c().phrase());
      }
    }
    return out;
  }

  /**
   * Fits the phrases of display tokens (breaks kept): two-word phrases, then, with maxWords 3,
   * three-word phrases from a second round over the tokens with the two-word phrases merged.
   * One Spark job per round.
   */
  public static Set<String> fit(Dataset<Row> display, TextModel folded, long docs, Rule rule) {
    Set<String> phrases = new HashSet<>(chosen(scored(display, rule.minCount(), 2), docs,
        rule));
    if (rule.maxWords() >= 3 && !phrases.isEmpty()) {
      TextModel two = folded.with(folded.surface(), phrases);
      Dataset<Row> merged = display.map((MapFunction<Row, Row>) r -> RowFactory.create(
              r.getString(0), Features.seq(two.merge(r.getList(1), true))),
          Encoders.row(Features.TOKENS_SCHEMA));
      phrases.addAll(chosen(scored(merged, rule.minCount(), 3), docs, rule));
    }
    return phrases;
  }

  static int wordCount(String item) {
    int n = 1;
    for (int i = 0; i < item.length(); i++) {
      if (item.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }

  /** NPMI = ln(p(ab) / (p(a) p(b))) / -ln p(ab); NaN for a pair that is every position. */
  public static double npmi(long c12, long c1, long c2, double total) {
    if (c12 >= total) {
      return Double.NaN;
    }
    double p12 = c12 / total;
    return Math.log(p12 / ((c1 / total) * (c2 / total))) / -Math.log(p12);
  }

  /**
   * Dunning's G² of the 2×2 table of a pair (a followed by b, a alone, b alone, neither), signed:
   * negative when the pair is seen less often than chance.
   */
  public static double llr(long c12, long c1, long c2, double total) {
    double k11 = c12;
    double k12 = Math.max(0, c1 - c12);
    double k21 = Math.max(0, c2 - c12);
    double k22 = Math.max(0, total - c1 - c2 + c12);
    double n = k11 + k12 + k21 + k22;
    double g = 2 * (xlogx(k11) + xlogx(k12) + xlogx(k21) + xlogx(k22) + xlogx(n)
        - xlogx(k11 + k12) - xlogx(k21 + k22) - xlogx(k11 + k21) - xlogx(k12 + k22));
    return k11 * n >= (k11 + k12) * (k11 + k21) ? Math.max(0, g) : -Math.max(0, g);
  }

  private static double xlogx(double x) {
    return x <= 0 ? 0 : x * Math.log(x);
  }
}
