package papertrends.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
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

  static final StructType PAIR_SCHEMA = StructType.fromDDL("w1 STRING, w2 STRING, n LONG");
  /** Schema of scored candidates. */
  public static final StructType SCORED_SCHEMA = StructType.fromDDL(
      "phrase STRING, words INT, count LONG, doc_freq LONG, npmi DOUBLE, llr DOUBLE");

  /**
   * Every pair of adjacent items (no break between them) of the tokens column whose joined
   * phrase has exactly `words` words, seen at least minCount times: phrase, words, count,
   * doc_freq, npmi and llr, probabilities over item positions.
   */
  public static Dataset<Row> candidates(Dataset<Row> seqs, int minCount, int words) {
    Frames.require(seqs, "phrase candidates", Features.TOKENS);
    // the items' counts go to the executors as one broadcast map (a corpus has far fewer
    // distinct items than pairs), which saves joining them twice to the pairs: one job
    Map<String, Long> counts = new HashMap<>();
    long all = 0;
    for (Row r : seqs.select(explode(col(Features.TOKENS)).as("w"))
        .where(col("w").notEqual(Terms.BREAK)).groupBy("w").agg(count(lit(1)).as("c"))
        .collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
      all += r.getLong(1);
    }
    double total = Math.max(1, all);
    Broadcast<Map<String, Long>> items = JavaSparkContext.fromSparkContext(
        seqs.sparkSession().sparkContext()).broadcast(counts);
    return seqs.select(Features.TOKENS).flatMap((FlatMapFunction<Row, Row>) r -> {
      List<String> t = r.getList(0);
      Map<List<String>, Long> inDoc = new HashMap<>();
      for (int i = 0; i + 1 < t.size(); i++) {
        String a = t.get(i);
        String b = t.get(i + 1);
        if (!a.isEmpty() && !b.isEmpty() && !a.equals(b) && wordCount(a) + wordCount(b) == words) {
          inDoc.merge(List.of(a, b), 1L, Long::sum);
        }
      }
      List<Row> out = new ArrayList<>(inDoc.size());
      inDoc.forEach((p, n) -> out.add(RowFactory.create(p.get(0), p.get(1), n)));
      return out.iterator();
    }, Encoders.row(PAIR_SCHEMA)).groupBy("w1", "w2")
        .agg(sum("n").as("c12"), count(lit(1)).as("df"))
        .where(col("c12").geq(minCount))
        .map((MapFunction<Row, Row>) r -> {
          long c12 = r.getLong(2);
          long c1 = items.value().get(r.getString(0));
          long c2 = items.value().get(r.getString(1));
          return RowFactory.create(r.getString(0) + " " + r.getString(1), words, c12,
              r.getLong(3), npmi(c12, c1, c2, total), llr(c12, c1, c2, total));
        }, Encoders.row(SCORED_SCHEMA));
  }

  /**
   * The candidates the rule keeps, best first: frequent ones (flag column frequent), then by
   * G², then by phrase; not capped (see {@link #capped}).
   */
  public static Dataset<Row> select(Dataset<Row> scored, long docs, Rule rule) {
    long keepDf = Math.max(1, (long) Math.ceil(rule.keepDocShare() * docs));
    return scored
        .withColumn("frequent", col("doc_freq").geq(keepDf)
            .and(col("npmi").geq(rule.keepMinNpmi())))
        .where(col("npmi").geq(rule.minNpmi()).or(col("frequent")))
        .orderBy(col("frequent").desc(), col("llr").desc(), col("phrase"));
  }

  /** The phrases of selected rows, at most max of them (null: all); frequent ones never cut. */
  static List<String> capped(Dataset<Row> selected, Integer max) {
    List<String> out = new ArrayList<>();
    for (Row r : selected.select("phrase", "frequent").collectAsList()) {
      if (max == null || out.size() < max || r.getBoolean(1)) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  /**
   * Fits the phrases of display tokens (breaks kept): two-word phrases, then, with maxWords 3,
   * three-word phrases from a second round over the tokens with the two-word phrases merged.
   */
  public static Set<String> fit(Dataset<Row> display, TextModel folded, long docs, Rule rule) {
    Set<String> phrases = new HashSet<>(capped(select(
        candidates(display, rule.minCount(), 2), docs, rule), rule.max()));
    if (rule.maxWords() >= 3 && !phrases.isEmpty()) {
      TextModel two = folded.with(folded.surface(), phrases);
      Dataset<Row> merged = display.map((MapFunction<Row, Row>) r -> RowFactory.create(
              r.getString(0), Features.seq(two.merge(r.getList(1), true))),
          Encoders.row(Features.TOKENS_SCHEMA)).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        phrases.addAll(capped(select(candidates(merged, rule.minCount(), 3), docs, rule),
            rule.max()));
      } finally {
        merged.unpersist();
      }
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
