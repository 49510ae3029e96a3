package papertrends.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files systems hand to the report: {@code topics.tsv} (topic, rank, term), {@code
 * system.json} (docs, k, stage seconds, fit seconds) and token files (id, then terms, tabs).
 */
public final class BenchFiles {
  public static final String TOPICS = "topics.tsv";
  public static final String SYSTEM = "system.json";
  public static final String TOKENS = "tokens.tsv";
  public static final String DOCS = "docs.tsv";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchFiles() {}

  /** Arguments of a comparison system: INPUT K SEED OUT_DIR (OUT_DIR is created). */
  public record SystemArgs(Path input, int k, int seed, Path out) {
    public static SystemArgs parse(String[] args) throws IOException {
      if (args.length != 4) {
        throw new IllegalArgumentException("arguments: INPUT K SEED OUT_DIR");
      }
      Path out = Path.of(args[3]);
      Files.createDirectories(out);
      return new SystemArgs(Path.of(args[0]), Integer.parseInt(args[1]),
          Integer.parseInt(args[2]), out);
    }
  }

  /** Writes the top terms of every topic, best first. */
  public static void writeTopics(Path dir, List<List<String>> topics) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < topics.size(); t++) {
      for (int r = 0; r < topics.get(t).size(); r++) {
        sb.append(t).append('\t').append(r + 1).append('\t').append(topics.get(t).get(r))
            .append('\n');
      }
    }
    Files.writeString(dir.resolve(TOPICS), sb, StandardCharsets.UTF_8);
  }

  /** Reads topics.tsv back: topic → terms by rank. */
  public static List<List<String>> readTopics(Path dir) throws IOException {
    Map<Integer, TreeMap<Integer, String>> byTopic = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve(TOPICS))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t", 3);
        byTopic.computeIfAbsent(Integer.parseInt(f[0]), x -> new TreeMap<>())
            .put(Integer.parseInt(f[1]), f[2]);
      }
    }
    List<List<String>> out = new ArrayList<>();
    byTopic.values().forEach(m -> out.add(new ArrayList<>(m.values())));
    return out;
  }

  /** Writes what a system measured about itself. */
  public static void writeSystem(Path dir, String system, long docs, int k,
      Map<String, Double> stages, double fitSeconds, double wallSeconds) throws IOException {
    writeSystem(dir, system, docs, k, stages, fitSeconds, wallSeconds, null);
  }

  /** The same, with a note on how the run deviated from the protocol (null: none). */
  public static void writeSystem(Path dir, String system, long docs, int k,
      Map<String, Double> stages, double fitSeconds, double wallSeconds, String note)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", system);
    m.put("docs", docs);
    m.put("k", k);
    m.put("wall_s", wallSeconds);
    m.put("fit_s", fitSeconds);
    m.put("stages", stages);
    if (note != null) {
      m.put("note", note);
    }
    JSON.writeValue(dir.resolve(SYSTEM).toFile(), m);
  }

  /** One token-file line: the id, then the terms, tab-separated (tabs in terms become spaces). */
  public static String tokenLine(String id, Iterable<String> terms) {
    StringBuilder sb = new StringBuilder(id);
    for (String t : terms) {
      sb.append('\t').append(t.replace('\t', ' '));
    }
    return sb.toString();
  }

  /**
   * CPU seconds this JVM has used so far (all threads): a stage's CPU is steadier than its wall
   * time when other work shares the machine.
   */
  public static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  /** CPU seconds since a {@link #cpuSeconds()} value, rounded to 0.01. */
  public static double cpuSince(double cpu) {
    return Math.round((cpuSeconds() - cpu) * 100) / 100.0;
  }

  /** Seconds since a System.nanoTime() value. */
  public static double since(long nanos) {
    return Math.round((System.nanoTime() - nanos) / 1e7) / 100.0;
  }
}
