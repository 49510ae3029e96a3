package papertrends.util;

import java.util.Map;

/** Seconds per step of a stage, for the stage's result (runs/ records them as timings). */
public final class Steps {
  private Steps() {}

  /** Records a step's seconds: the time since t0 not yet taken by earlier steps. */
  public static void step(Map<String, Double> t, long t0, String name) {
    double total = (System.nanoTime() - t0) / 1e9;
    t.put(name, total - t.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  /** The steps as "name 1.2 s, name 0.4 s" in their order. */
  public static String describe(Map<String, Double> t) {
    return String.join(", ", t.entrySet().stream().map(e -> e.getKey().replaceAll("_s$", "")
        + String.format(java.util.Locale.ROOT, " %.1f s", e.getValue())).toList());
  }
}
