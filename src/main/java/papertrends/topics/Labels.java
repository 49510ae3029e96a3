package papertrends.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.linalg.Matrix;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Readable topic labels from the topic-term distributions: terms ranked by LDAvis relevance
 * (λ log p(w|t) + (1 − λ) log(p(w|t) / p(w)), Sievert and Shirley 2014, λ ≈ 0.6), the most
 * relevant phrase first, then one or two terms none of whose words shares a stem with the label
 * so far ("control chart, charts" never happens); the first item differs between topics (larger
 * topics choose first).
 */
public final class Labels {
  private Labels() {}

  /**
   * Relevance-ranked terms of a topic considered for its label; the best phrase among them
   * leads it (bench/, CSV set, k = 10, seeds 42 / 1 / 7: 9 / 10 / 9 of 10 labels led by a
   * phrase; 6 at seed 42 when only the 15 most relevant terms could lead).
   */
  static final int CANDIDATES = 30;
  /** Items of a label at most (a phrase or term, then terms). */
  static final int ITEMS = 3;

  /** Topic-term probabilities (k × V, rows sum to 1) from a model's topicsMatrix (V × k). */
  public static double[][] topicTermProbabilities(Matrix topicsMatrix) {
    int v = topicsMatrix.numRows();
    int k = topicsMatrix.numCols();
    double[][] phi = new double[k][v];
    for (int t = 0; t < k; t++) {
      double sum = 0;
      for (int w = 0; w < v; w++) {
        phi[t][w] = Math.max(0, topicsMatrix.apply(w, t));
        sum += phi[t][w];
      }
      for (int w = 0; w < v && sum > 0; w++) {
        phi[t][w] /= sum;
      }
    }
    return phi;
  }

  /**
   * One label per topic. prevalence (per topic, any scale) weights the corpus term shares
   * p(w) = Σ_t prevalence_t p(w|t) and orders who chooses a first item first.
   */
  public static String[] labels(double[][] phi, double[] prevalence, String[] vocab,
      double lambda) {
    int k = phi.length;
    int v = vocab.length;
    double[] pw = new double[v];
    double total = Arrays.stream(prevalence).sum();
    for (int t = 0; t < k; t++) {
      double share = total > 0 ? prevalence[t] / total : 1.0 / k;
      for (int w = 0; w < v; w++) {
        pw[w] += share * phi[t][w];
      }
    }
    Integer[] order = new Integer[k];
    for (int t = 0; t < k; t++) {
      order[t] = t;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer t) -> -prevalence[t])
        .thenComparingInt(t -> t));
    Set<String> leads = new HashSet<>();
    String[] out = new String[k];
    for (int t : order) {
      out[t] = label(ranked(phi[t], pw, lambda), vocab, leads);
    }
    return out;
  }

  /** Term indices of a topic by relevance, best first, at most CANDIDATES. */
  static List<Integer> ranked(double[] phi, double[] pw, double lambda) {
    List<Integer> idx = new ArrayList<>();
    for (int w = 0; w < phi.length; w++) {
      if (phi[w] > 0 && pw[w] > 0) {
        idx.add(w);
      }
    }
    idx.sort(Comparator.comparingDouble((Integer w) -> -(lambda * Math.log(phi[w])
        + (1 - lambda) * Math.log(phi[w] / pw[w]))).thenComparingInt(w -> w));
    return idx.subList(0, Math.min(CANDIDATES, idx.size()));
  }

  /** The label of one topic from its ranked terms; its first item is added to leads. */
  static String label(List<Integer> ranked, String[] vocab, Set<String> leads) {
    String lead = null;
    for (boolean phrase : new boolean[] {true, false}) {
      // the most relevant free phrase leads, else the best free term
      for (int w : ranked) {
        String t = vocab[w];
        if (lead == null && t.contains(" ") == phrase && !leads.contains(key(t))) {
          lead = t;
        }
      }
    }
    if (lead == null) {
      lead = ranked.isEmpty() ? "" : vocab[ranked.get(0)];
    }
    leads.add(key(lead));
    List<String> items = new ArrayList<>(List.of(lead));
    Set<String> stems = new HashSet<>(stems(lead));
    for (int w : ranked) {
      if (items.size() >= ITEMS) {
        break;
      }
      Set<String> s = stems(vocab[w]);
      if (s.stream().noneMatch(stems::contains)) {
        items.add(vocab[w]);
        stems.addAll(s);
      }
    }
    return String.join(", ", items);
  }

  /** The stems of a term's words (English Snowball). */
  static Set<String> stems(String term) {
    Set<String> out = new HashSet<>();
    EnglishStemmer st = new EnglishStemmer();
    for (String word : term.toLowerCase(Locale.ROOT).split("[\\s\\-]+")) {
      if (!word.isEmpty()) {
        st.setCurrent(word);
        st.stem();
        out.add(st.getCurrent());
      }
    }
    return out;
  }

  private static String key(String term) {
    return String.join(" ", new java.util.TreeSet<>(stems(term)));
  }
}
