package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Frames;

/**
 * Topic coherence as in the literature: NPMI of each topic's top-10 terms over document
 * co-occurrence (p(w) = share of documents containing w), averaged over the 45 pairs; a pair
 * that never co-occurs scores -1. The pair counts are computed in Spark.
 */
public final class Coherence {
  private Coherence() {}

  /** Terms per topic used for NPMI and diversity. */
  public static final int TOP_N = 10;

  static final StructType PAIR_SCHEMA = StructType.fromDDL("a INT, b INT");

  /** Per-topic NPMI of the given top term indices, over doc_features.term_indices. */
  public static double[] npmi(Dataset<Row> docFeatures, int[][] topTerms) {
    Frames.require(docFeatures, "npmi", "term_indices");
    Set<Integer> wanted = new HashSet<>();
    for (int[] t : topTerms) {
      for (int i = 0; i < Math.min(TOP_N, t.length); i++) {
        wanted.add(t[i]);
      }
    }
    Dataset<Row> pairs = docFeatures.select("term_indices")
        .flatMap((FlatMapFunction<Row, Row>) r -> {
          List<Integer> idx = r.isNullAt(0) ? List.of() : r.getList(0);
          int[] present = idx.stream().filter(wanted::contains).mapToInt(Integer::intValue)
              .distinct().sorted().toArray();
          List<Row> out = new ArrayList<>();
          for (int i = 0; i < present.length; i++) {
            for (int j = i; j < present.length; j++) {
              out.add(RowFactory.create(present[i], present[j]));
            }
          }
          return out.iterator();
        }, Encoders.row(PAIR_SCHEMA))
        .groupBy("a", "b").agg(count(lit(1)).as("n"));
    long docs = docFeatures.count();
    Map<Long, Long> counts = new HashMap<>();
    for (Row r : pairs.collectAsList()) {
      counts.put(key(r.getInt(0), r.getInt(1)), r.getLong(2));
    }
    double[] out = new double[topTerms.length];
    for (int t = 0; t < topTerms.length; t++) {
      int[] top = Arrays.copyOf(topTerms[t], Math.min(TOP_N, topTerms[t].length));
      double sum = 0;
      int pairsN = 0;
      for (int i = 0; i < top.length; i++) {
        for (int j = i + 1; j < top.length; j++) {
          sum += pairNpmi(counts, docs, top[i], top[j]);
          pairsN++;
        }
      }
      out[t] = pairsN == 0 ? 0 : sum / pairsN;
    }
    return out;
  }

  /** NPMI of one pair from document counts. */
  static double pairNpmi(Map<Long, Long> counts, long docs, int a, int b) {
    double n = docs;
    long ca = counts.getOrDefault(key(a, a), 0L);
    long cb = counts.getOrDefault(key(b, b), 0L);
    long cab = counts.getOrDefault(key(Math.min(a, b), Math.max(a, b)), 0L);
    if (cab == 0 || ca == 0 || cb == 0) {
      return -1;
    }
    double pab = cab / n;
    if (pab >= 1) {
      return 1;
    }
    return Math.log(pab / ((ca / n) * (cb / n))) / -Math.log(pab);
  }

  /** Share of distinct terms among all topics' top-10 terms (1 = no term shared). */
  public static double diversity(List<List<String>> topTerms) {
    Set<String> distinct = new HashSet<>();
    int total = 0;
    for (List<String> t : topTerms) {
      List<String> top = t.subList(0, Math.min(TOP_N, t.size()));
      distinct.addAll(top);
      total += top.size();
    }
    return total == 0 ? 0 : (double) distinct.size() / total;
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xffffffffL);
  }
}
