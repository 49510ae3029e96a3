package papertrends.features;

import java.util.Locale;

/** Term helpers: the plural-folding key of a word, and what counts as a usable token. */
public final class Terms {
  private Terms() {}

  /** Marks a break between tokens that were not adjacent (stopword, punctuation). */
  public static final String BREAK = "";

  /**
   * The plural-folding key of a lower-case word: studies → study, processes → process, charts →
   * chart, analysis stays. Keys only group surface forms; tables show each key's most frequent
   * surface form, so the key never needs to be a readable word itself.
   */
  public static String foldKey(String w) {
    int n = w.length();
    if (n <= 3 || !Character.isLetter(w.charAt(n - 1))) {
      return w;
    }
    if (w.endsWith("ies") && n > 4 && !w.endsWith("eies") && !w.endsWith("aies")) {
      return w.substring(0, n - 3) + "y";
    }
    if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")
        || w.endsWith("zzes")) {
      return w.substring(0, n - 2);
    }
    if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is") || w.endsWith("ys")
        && n <= 4) {
      return w;
    }
    if (w.endsWith("s") && !w.endsWith("'s")) {
      return w.substring(0, n - 1);
    }
    return w;
  }

  /** True when a token can be a term: has a letter, is not too short or too long. */
  public static boolean usable(String t, int minLength) {
    if (t.length() < minLength || t.length() > 40) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (Character.isLetter(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Lower-cases with the root locale. */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
