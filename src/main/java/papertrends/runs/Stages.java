package papertrends.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The model_runs.stages JSON, one entry per stage of the run: {"topics": {"state": "done",
 * "attempts": 2, "started_at": "…", "finished_at": "…", "seconds": 41.2}}; state is running,
 * done or failed (with "error").
 */
final class Stages {
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Stages() {}

  static ObjectNode parse(String json) {
    try {
      JsonNode n = json == null || json.isBlank() ? null : JSON.readTree(json);
      return n instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  /** Attempts a stage has had so far (0 when it never started). */
  static int attempts(String json, String stage) {
    JsonNode s = parse(json).get(stage);
    return s == null ? 0 : s.path("attempts").asInt(0);
  }

  /** The state of a stage (null when it never started). */
  static String state(String json, String stage) {
    JsonNode s = parse(json).get(stage);
    return s == null ? null : s.path("state").asText(null);
  }

  /** The JSON with the stage started once more (attempts + 1, state running). */
  static String begin(String json, String stage, Instant now) {
    ObjectNode root = parse(json);
    int attempts = attempts(json, stage) + 1;
    ObjectNode s = root.putObject(stage);
    s.put("state", RUNNING);
    s.put("attempts", attempts);
    s.put("started_at", now.toString());
    return root.toString();
  }

  /** The JSON with the stage done (or failed with an error) after its attempt. */
  static String end(String json, String stage, Instant now, String error) {
    ObjectNode root = parse(json);
    ObjectNode s = root.get(stage) instanceof ObjectNode o ? o : root.putObject(stage);
    s.put("state", error == null ? DONE : FAILED);
    s.put("finished_at", now.toString());
    if (s.has("started_at")) {
      double secs = (now.toEpochMilli() - Instant.parse(s.get("started_at").asText())
          .toEpochMilli()) / 1000.0;
      s.put("seconds", secs);
    }
    if (error == null) {
      s.remove("error");
    } else {
      s.put("error", error);
    }
    return root.toString();
  }

  /**
   * One line per run for people: "features done 12s, topics done 47s (2 attempts), trends
   * running"; stages in the order they ran.
   */
  static String summary(String json) {
    ObjectNode root = parse(json);
    java.util.List<String> parts = new java.util.ArrayList<>();
    root.fields().forEachRemaining(e -> {
      JsonNode s = e.getValue();
      StringBuilder b = new StringBuilder(e.getKey()).append(' ')
          .append(s.path("state").asText("?"));
      if (s.has("seconds") && !RUNNING.equals(s.path("state").asText())) {
        b.append(' ').append(Math.round(s.get("seconds").asDouble())).append('s');
      }
      int attempts = s.path("attempts").asInt(1);
      if (attempts > 1) {
        b.append(" (").append(attempts).append(" attempts)");
      }
      parts.add(b.toString());
    });
    return String.join(", ", parts);
  }
}
