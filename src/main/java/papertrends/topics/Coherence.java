package papertrends.topics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.io.Frames;

/**
 * Topic coherence as in the literature: NPMI of each topic's top-10 terms over document
 * co-occurrence (p(w) = share of documents containing w), averaged over the 45 pairs; a pair
 * that never co-occurs scores -1. The pair counts are computed in Spark, in one job.
 */
public final class Coherence {
  private Coherence() {}

  /** Terms per topic used for NPMI and diversity. */
  public static final int TOP_N = 10;

  /** Per-topic NPMI of the given top term indices, over doc_features.term_indices. */
  public static double[] npmi(Dataset<Row> docFeatures, int[][] topTerms) {
    Frames.require(docFeatures, "npmi", "term_indices");
    Set<Integer> wanted = new HashSet<>();
    for (int[] t : topTerms) {
      for (int i = 0; i < Math.min(TOP_N, t.length); i++) {
        wanted.add(t[i]);
      }
    }
    // one job, no shuffle: each partition counts its documents and the pairs of wanted terms
    // (at most a few hundred terms, so tens of thousands of pairs) and the driver adds them up
    List<Counts> parts = docFeatures.select("term_indices").javaRDD().mapPartitions(it -> {
      Counts c = new Counts();
      while (it.hasNext()) {
        Row r = it.next();
        c.docs++;
        List<Integer> idx = r.isNullAt(0) ? List.of() : r.getList(0);
        int[] present = idx.stream().filter(wanted::contains).mapToInt(Integer::intValue)
            .distinct().sorted().toArray();
        for (int i = 0; i < present.length; i++) {
          for (int j = i; j < present.length; j++) {
            c.pairs.merge(key(present[i], present[j]), 1L, Long::sum);
          }
        }
      }
      return List.of(c).iterator();
    }).collect();
    long docs = 0;
    Map<Long, Long> counts = new HashMap<>();
    for (Counts c : parts) {
      docs += c.docs;
      c.pairs.forEach((k, v) -> counts.merge(k, v, Long::sum));
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

  /** A partition's documents and document counts of term pairs (a term with itself: its own). */
  static final class Counts implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    long docs;
    final HashMap<Long, Long> pairs = new HashMap<>();
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
