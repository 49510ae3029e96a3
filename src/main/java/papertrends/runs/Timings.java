package papertrends.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The model_runs.timings JSON: {"features": {"step": seconds, ...}, "topics": {...}}. */
public final class Timings {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Timings() {}

  /** The existing JSON with one stage's timings set (replaced when present). */
  public static String merge(String existing, String stage, Map<String, Double> seconds) {
    ObjectNode root;
    try {
      root = existing == null || existing.isBlank() ? JSON.createObjectNode()
          : (ObjectNode) JSON.readTree(existing);
    } catch (Exception e) {
      root = JSON.createObjectNode();
    }
    ObjectNode node = root.putObject(stage);
    seconds.forEach((k, v) -> node.put(k, Math.round(v * 1000) / 1000.0));
    return root.toString();
  }
}
