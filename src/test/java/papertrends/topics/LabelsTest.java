package papertrends.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generated labels from topic-term distributions, without Spark. */
class LabelsTest {
  static final String[] VOCAB = {"model", "data", "control chart", "chart", "monitoring",
      "shewhart", "charting", "design", "optimal design", "experiments", "designing",
      "bayesian", "process"};

  /** A topic over VOCAB from weights given by index pairs (index, weight); the rest small. */
  static double[] topic(double... pairs) {
    double[] phi = new double[VOCAB.length];
    java.util.Arrays.fill(phi, 0.01);
    for (int i = 0; i < pairs.length; i += 2) {
      phi[(int) pairs[i]] = pairs[i + 1];
    }
    double s = java.util.Arrays.stream(phi).sum();
    for (int i = 0; i < phi.length; i++) {
      phi[i] /= s;
    }
    return phi;
  }

  @Test
  void phraseFirstThenTermsSharingNoStemWithIt() {
    double[][] phi = {
        // generic words are most probable, the phrase is most peculiar to the topic
        topic(0, 0.3, 1, 0.25, 2, 0.15, 3, 0.1, 4, 0.08, 5, 0.06, 6, 0.05),
        topic(0, 0.3, 1, 0.25, 7, 0.15, 8, 0.12, 9, 0.08, 10, 0.07, 11, 0.05)};
    String[] labels = Labels.labels(phi, new double[] {0.5, 0.5}, VOCAB, 0.6);
    assertTrue(labels[0].startsWith("control chart, "), labels[0]);
    assertTrue(labels[1].startsWith("optimal design, "), labels[1]);
    for (String label : labels) {
      List<String> items = List.of(label.split(", "));
      assertTrue(items.size() >= 2 && items.size() <= 3, label);
      Set<String> stems = new HashSet<>();
      for (String item : items) {
        for (String s : Labels.stems(item)) {
          assertTrue(stems.add(s), "two forms of one word in " + label);
        }
      }
    }
    assertTrue(!labels[0].contains("charting") && !labels[1].contains("designing"),
        List.of(labels).toString());
  }

  @Test
  void aPhraseLeadsFromAnywhereAmongTheCandidates() {
    // 20 single words rank above the topic's only phrase, the 21st most relevant term
    String[] vocab = new String[Labels.CANDIDATES];
    List<Integer> ranked = new java.util.ArrayList<>();
    for (int w = 0; w < vocab.length; w++) {
      vocab[w] = w == 20 ? "remaining useful life" : "word" + (char) ('a' + w);
      ranked.add(w);
    }
    String label = Labels.label(ranked, vocab, new HashSet<>());
    assertTrue(label.startsWith("remaining useful life, worda"), label);
  }

  @Test
  void labelsDifferBetweenTopicsWithTheSameBestPhrase() {
    double[][] phi = {topic(2, 0.3, 4, 0.2, 12, 0.1), topic(2, 0.25, 5, 0.2, 11, 0.1),
        topic(8, 0.3, 9, 0.2)};
    String[] labels = Labels.labels(phi, new double[] {0.5, 0.3, 0.2}, VOCAB, 0.6);
    assertTrue(labels[0].startsWith("control chart"), labels[0]);
    assertNotEquals(labels[0].split(", ")[0], labels[1].split(", ")[0]);
    assertEquals(3, new HashSet<>(List.of(labels)).size(), List.of(labels).toString());
  }
}
