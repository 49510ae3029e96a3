package papertrends.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topic quality measured the same way for every system: mean NPMI of each topic's top terms over
 * document co-occurrence (a pair never seen together scores -1), topic diversity (share of
 * unique terms among all topics' top terms) and the median document frequency of top terms (a
 * topic of rare words can score well on NPMI while saying nothing).
 */
public final class Coherence {
  private final int docs;
  private final Map<String, BitSet> docsOf;

  private Coherence(int docs, Map<String, BitSet> docsOf) {
    this.docs = docs;
    this.docsOf = docsOf;
  }

  /**
   * Reads a token file (one document per line: id, then its terms, tab-separated) and keeps,
   * for each of {@code terms}, the set of documents it occurs in.
   */
  public static Coherence of(Path tokenFile, Collection<String> terms) throws IOException {
    Map<String, BitSet> sets = new HashMap<>();
    terms.forEach(t -> sets.put(t, new BitSet()));
    int doc = 0;
    try (BufferedReader r = Files.newBufferedReader(tokenFile, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t");
        for (int i = 1; i < f.length; i++) {
          BitSet s = sets.get(f[i]);
          if (s != null) {
            s.set(doc);
          }
        }
        doc++;
      }
    }
    return new Coherence(doc, sets);
  }

  /** Number of documents of the reference corpus. */
  public int docs() {
    return docs;
  }

  /** Documents a term occurs in. */
  public int docFreq(String term) {
    BitSet s = docsOf.get(term);
    return s == null ? 0 : s.cardinality();
  }

  /** Mean NPMI over all pairs of the given terms. */
  public double npmi(List<String> top) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < top.size(); i++) {
      for (int j = i + 1; j < top.size(); j++) {
        sum += npmi(top.get(i), top.get(j));
        pairs++;
      }
    }
    return pairs == 0 ? 0 : sum / pairs;
  }

  private double npmi(String a, String b) {
    BitSet sa = docsOf.getOrDefault(a, new BitSet());
    BitSet sb = docsOf.getOrDefault(b, new BitSet());
    BitSet both = (BitSet) sa.clone();
    both.and(sb);
    int ca = sa.cardinality();
    int cb = sb.cardinality();
    int cab = both.cardinality();
    if (cab == 0) {
      return -1;
    }
    double pab = (double) cab / docs;
    if (pab >= 1) {
      return 1;
    }
    return Math.log(pab / (((double) ca / docs) * ((double) cb / docs))) / -Math.log(pab);
  }

  /** Mean of the topics' NPMI. */
  public double meanNpmi(List<List<String>> topics) {
    return topics.stream().mapToDouble(this::npmi).average().orElse(Double.NaN);
  }

  /** Median document frequency of all top terms, as a share of the documents. */
  public double medianDocShare(List<List<String>> topics) {
    List<Integer> dfs = new ArrayList<>();
    topics.forEach(t -> t.forEach(term -> dfs.add(docFreq(term))));
    if (dfs.isEmpty()) {
      return Double.NaN;
    }
    dfs.sort(Integer::compare);
    int n = dfs.size();
    double median = n % 2 == 1 ? dfs.get(n / 2) : (dfs.get(n / 2 - 1) + dfs.get(n / 2)) / 2.0;
    return median / docs;
  }

  /** Share of unique terms among all topics' top terms (1 = no term shared by two topics). */
  public static double diversity(List<List<String>> topics) {
    Set<String> unique = new HashSet<>();
    int total = 0;
    for (List<String> t : topics) {
      unique.addAll(t);
      total += t.size();
    }
    return total == 0 ? Double.NaN : (double) unique.size() / total;
  }
}
