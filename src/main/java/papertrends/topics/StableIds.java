package papertrends.topics;

import java.util.List;
import java.util.Map;

/**
 * Carries topic identity across refits: each new topic is matched one-to-one to a previous
 * run's topic by cosine similarity of their term weights (Hungarian assignment); a match at or
 * above the threshold keeps the old stable id, any other topic gets a fresh id.
 */
public final class StableIds {
  private StableIds() {}

  /** A topic's term weights by term, and the stable id it had (for previous topics). */
  public record TopicVector(int topicId, int stableId, Map<String, Double> weights) {}

  /** The result: stable id per new topic_id and whether it is new. */
  public record Assignment(int[] stableIds, boolean[] isNew, double[] similarity) {}

  /** Cosine similarity of two sparse term-weight vectors. */
  public static double cosine(Map<String, Double> a, Map<String, Double> b) {
    double dot = 0;
    for (Map.Entry<String, Double> e : a.entrySet()) {
      Double w = b.get(e.getKey());
      if (w != null) {
        dot += e.getValue() * w;
      }
    }
    double na = norm(a);
    double nb = norm(b);
    return na == 0 || nb == 0 ? 0 : dot / (na * nb);
  }

  /**
   * Assigns stable ids to the new topics (index = topic_id). nextId is the first id never used
   * by any earlier run.
   */
  public static Assignment assign(List<Map<String, Double>> current,
      List<TopicVector> previous, double minSimilarity, int nextId) {
    int k = current.size();
    int[] ids = new int[k];
    boolean[] isNew = new boolean[k];
    double[] sim = new double[k];
    if (previous.isEmpty()) {
      for (int i = 0; i < k; i++) {
        ids[i] = nextId + i;
        isNew[i] = true;
      }
      return new Assignment(ids, isNew, sim);
    }
    double[][] s = new double[k][previous.size()];
    double[][] cost = new double[k][previous.size()];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < previous.size(); j++) {
        s[i][j] = cosine(current.get(i), previous.get(j).weights());
        cost[i][j] = 1 - s[i][j];
      }
    }
    int[] match = Hungarian.assign(cost);
    int next = nextId;
    for (int i = 0; i < k; i++) {
      int j = match[i];
      if (j >= 0 && s[i][j] >= minSimilarity) {
        ids[i] = previous.get(j).stableId();
        sim[i] = s[i][j];
      } else {
        ids[i] = next++;
        isNew[i] = true;
        sim[i] = j >= 0 ? s[i][j] : 0;
      }
    }
    return new Assignment(ids, isNew, sim);
  }

  private static double norm(Map<String, Double> a) {
    double s = 0;
    for (double w : a.values()) {
      s += w * w;
    }
    return Math.sqrt(s);
  }
}
