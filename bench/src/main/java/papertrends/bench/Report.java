package papertrends.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects one invocation's runs of a corpus (WORK/k<K>/seed<S>/<system>/, or WORK/k<K>/<system>/
 * of a single unnamed seed), scores every system's topics with the one {@link Coherence}
 * implementation, reads peak RSS from {@code /usr/bin/time -v}, writes the results JSON and
 * prints the Markdown table with the PaperTrends ratios: per run, then per k the mean and
 * spread of each system over the seeds. A system that failed is reported with its error, never
 * fails the report.
 * {@code Report WORK_DIR CORPUS OUT_JSON DATE MACHINE K...}
 */
public final class Report {
  static final List<String> SYSTEMS = List.of("papertrends", "mllib", "mallet");
  private static final Pattern RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern ELAPSED =
      Pattern.compile("Elapsed \\(wall clock\\) time.*: (?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d+)?)");
  private static final Pattern EXIT = Pattern.compile("Exit status: (\\d+)");
  private static final Pattern USER = Pattern.compile("User time \\(seconds\\): ([\\d.]+)");
  private static final Pattern SYS = Pattern.compile("System time \\(seconds\\): ([\\d.]+)");
  private static final Pattern SEED_DIR = Pattern.compile("seed(\\d+)");

  private Report() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String corpus = args[1];
    Path outFile = Path.of(args[2]);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("machine", args[4]);
    result.put("date", args[3]);
    // what was measured, when it is not simply this checkout (BENCH_NOTE, optional)
    if (System.getenv("BENCH_NOTE") != null) {
      result.put("note", System.getenv("BENCH_NOTE"));
    }
    List<Map<String, Object>> runs = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      int k = Integer.parseInt(args[i]);
      for (Map.Entry<Integer, Path> seed : seedDirs(work.resolve("k" + k)).entrySet()) {
        for (Map<String, Object> run : runsOf(seed.getValue(), corpus, k)) {
          run.put("seed", seed.getKey());
          runs.add(run);
        }
      }
    }
    result.put("runs", runs);
    Files.createDirectories(outFile.toAbsolutePath().getParent());
    BenchFiles.JSON.writeValue(outFile.toFile(), result);
    System.out.println(table(corpus, runs));
  }

  /** seed → folder of its runs: the seed<S> folders of a k, in seed order, or the k folder. */
  static Map<Integer, Path> seedDirs(Path kDir) throws IOException {
    Map<Integer, Path> seeds = new java.util.TreeMap<>();
    if (Files.isDirectory(kDir)) {
      try (java.util.stream.Stream<Path> list = Files.list(kDir)) {
        list.filter(Files::isDirectory).forEach(d -> {
          Matcher m = SEED_DIR.matcher(d.getFileName().toString());
          if (m.matches()) {
            seeds.put(Integer.valueOf(m.group(1)), d);
          }
        });
      }
    }
    if (seeds.isEmpty()) {
      Map<Integer, Path> one = new LinkedHashMap<>();
      one.put(null, kDir);
      return one;
    }
    return seeds;
  }

  static List<Map<String, Object>> runsOf(Path dir, String corpus, int k) throws IOException {
    Map<Path, Coherence> cache = new HashMap<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (String system : SYSTEMS) {
      Path sys = dir.resolve(system);
      Map<String, Object> run = new LinkedHashMap<>();
      run.put("system", system);
      run.put("corpus", corpus);
      Path tokens = dir.resolve(system.equals("mllib") ? "mllib" : "papertrends")
          .resolve(BenchFiles.TOKENS);
      Path timeFile = sys.resolve("time.txt");
      String time = Files.exists(timeFile) ? Files.readString(timeFile) : "";
      Integer exit = group(EXIT, time) == null ? null : Integer.valueOf(group(EXIT, time));
      if (!Files.exists(sys.resolve(BenchFiles.SYSTEM)) || !Files.exists(tokens)
          || (exit != null && exit != 0)) {
        run.put("docs", null);
        run.put("k", k);
        run.put("error", exit != null && exit == 124
            ? "timed out (BENCH_TIMEOUT " + System.getenv().getOrDefault("BENCH_TIMEOUT", "?")
                + " s)"
            : "did not finish (exit " + exit + "; see " + sys.resolve("stderr.log") + ")");
        out.add(run);
        continue;
      }
      JsonNode s = BenchFiles.JSON.readTree(sys.resolve(BenchFiles.SYSTEM).toFile());
      List<List<String>> topics = BenchFiles.readTopics(sys);
      List<String> terms = new ArrayList<>();
      topics.forEach(terms::addAll);
      Coherence c = cache.get(tokens);
      if (c == null) {
        c = Coherence.of(tokens, allTopTerms(dir));
        cache.put(tokens, c);
      }
      double wall = s.get("wall_s").asDouble();
      long docs = s.get("docs").asLong();
      run.put("docs", docs);
      run.put("k", k);
      run.put("wall_s", wall);
      run.put("fit_s", s.get("fit_s").asDouble());
      String rss = group(RSS, time);
      run.put("peak_rss_mb", rss == null ? null : Math.round(Long.parseLong(rss) / 1024.0));
      run.put("npmi", round(c.meanNpmi(topics), 4));
      run.put("diversity", round(Coherence.diversity(topics), 3));
      run.put("docs_per_s", round(docs / wall, 1));
      run.put("top_term_median_doc_share", round(c.medianDocShare(topics), 4));
      run.put("process_wall_s", elapsed(time));
      // CPU seconds of the process: less disturbed than wall time when the machine is shared
      String user = group(USER, time);
      String sys0 = group(SYS, time);
      run.put("process_cpu_s", user == null || sys0 == null ? null
          : round(Double.parseDouble(user) + Double.parseDouble(sys0), 1));
      Map<String, Double> stages = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = s.get("stages").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        stages.put(e.getKey(), e.getValue().asDouble());
      }
      run.put("stages", stages);
      if (s.hasNonNull("note")) {
        run.put("note", s.get("note").asText());
      }
      run.put("topics", topics);
      out.add(run);
    }
    return out;
  }

  /** Every top term of every system at this k, so one pass over a token file serves all. */
  private static List<String> allTopTerms(Path dir) throws IOException {
    List<String> all = new ArrayList<>();
    for (String system : SYSTEMS) {
      if (Files.exists(dir.resolve(system).resolve(BenchFiles.TOPICS))) {
        BenchFiles.readTopics(dir.resolve(system)).forEach(all::addAll);
      }
    }
    return all;
  }

  /**
   * The Markdown table of the runs; then, per k, each system's mean ± standard deviation over
   * the seeds; then the ratios PaperTrends / MALLET and / plain MLlib of those means, with the
   * NPMI difference per seed (mean, lowest, highest).
   */
  static String table(String corpus, List<Map<String, Object>> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| system | corpus | docs | k | seed | wall s | fit s | docs/s | CPU s |"
        + " peak RSS MB | NPMI | diversity | median doc share of top terms | stages (s) |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Map<String, Object> r : runs) {
      Object seed = r.get("seed") == null ? "" : r.get("seed");
      if (r.containsKey("error")) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | | %s | %s | %s ||||||||\n",
            r.get("system"), corpus, r.get("k"), seed, r.get("error")));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Double> stages = (Map<String, Double>) r.get("stages");
      StringBuilder st = new StringBuilder();
      stages.forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.1f", k, v)));
      sb.append(String.format(Locale.ROOT,
          "| %s | %s | %d | %d | %s | %.1f | %.1f | %.1f | %s | %s | %.3f | %.2f | %.3f | %s |\n",
          r.get("system"), corpus, r.get("docs"), r.get("k"), seed, r.get("wall_s"),
          r.get("fit_s"), r.get("docs_per_s"), r.get("process_cpu_s"), r.get("peak_rss_mb"),
          r.get("npmi"), r.get("diversity"), r.get("top_term_median_doc_share"),
          st + (r.containsKey("note") ? "; " + r.get("note") : "")));
    }
    // k → system → its successful runs, in seed order
    Map<Object, Map<String, List<Map<String, Object>>>> byK = new LinkedHashMap<>();
    for (Map<String, Object> r : runs) {
      if (!r.containsKey("error")) {
        byK.computeIfAbsent(r.get("k"), x -> new LinkedHashMap<>())
            .computeIfAbsent((String) r.get("system"), x -> new ArrayList<>()).add(r);
      }
    }
    sb.append("\n| system | k | seeds | NPMI | fit s | wall s | features + topics s |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
    byK.forEach((k, bySystem) -> bySystem.forEach((system, rs) -> sb.append(String.format(
        Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |\n", system, k, rs.size(),
        spread(rs, r -> (Double) r.get("npmi"), "%.3f"),
        spread(rs, r -> (Double) r.get("fit_s"), "%.1f"),
        spread(rs, r -> (Double) r.get("wall_s"), "%.1f"),
        system.equals("papertrends") ? spread(rs, Report::featuresAndTopics, "%.1f") : ""))));
    sb.append("\n| ratio | k | seeds | wall time | fit time | features + topics / other's wall"
        + " | NPMI difference: mean | lowest | highest |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    byK.forEach((k, bySystem) -> {
      List<Map<String, Object>> pt = bySystem.get("papertrends");
      for (String other : List.of("mallet", "mllib")) {
        List<Map<String, Object>> o = bySystem.get(other);
        if (pt == null || o == null) {
          continue;
        }
        // NPMI differences of the seeds both systems finished
        List<Double> diffs = new ArrayList<>();
        for (Map<String, Object> p : pt) {
          for (Map<String, Object> q : o) {
            if (java.util.Objects.equals(p.get("seed"), q.get("seed"))) {
              diffs.add((Double) p.get("npmi") - (Double) q.get("npmi"));
            }
          }
        }
        sb.append(String.format(Locale.ROOT, "| PaperTrends / %s | %s | %d | %.2f | %.2f | %.2f |"
            + " %+.3f | %+.3f | %+.3f |\n", other.equals("mllib") ? "plain MLlib" : "MALLET", k,
            diffs.size(), mean(pt, "wall_s") / mean(o, "wall_s"),
            mean(pt, "fit_s") / mean(o, "fit_s"),
            pt.stream().mapToDouble(Report::featuresAndTopics).average().orElse(Double.NaN)
                / mean(o, "wall_s"),
            diffs.stream().mapToDouble(d -> d).average().orElse(Double.NaN),
            diffs.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
            diffs.stream().mapToDouble(d -> d).max().orElse(Double.NaN)));
      }
    });
    return sb.toString();
  }

  /** Seconds of PaperTrends' features and topics stages (the stages MALLET's run replaces). */
  static double featuresAndTopics(Map<String, Object> run) {
    @SuppressWarnings("unchecked")
    Map<String, Double> stages = (Map<String, Double>) run.get("stages");
    return stages.getOrDefault("features", Double.NaN) + stages.getOrDefault("topics", Double.NaN);
  }

  private static double mean(List<Map<String, Object>> runs, String key) {
    return runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).average()
        .orElse(Double.NaN);
  }

  /** "mean ± sample standard deviation" of the runs (the mean alone for one run). */
  static String spread(List<Map<String, Object>> runs,
      java.util.function.ToDoubleFunction<Map<String, Object>> value, String format) {
    double[] v = runs.stream().mapToDouble(value).toArray();
    double m = java.util.Arrays.stream(v).average().orElse(Double.NaN);
    if (v.length < 2) {
      return String.format(Locale.ROOT, format, m);
    }
    double ss = java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
    return String.format(Locale.ROOT, format + " ± " + format, m, Math.sqrt(ss / (v.length - 1)));
  }

  private static String group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  private static Double elapsed(String time) {
    Matcher m = ELAPSED.matcher(time);
    if (!m.find()) {
      return null;
    }
    double h = m.group(1) == null ? 0 : Double.parseDouble(m.group(1));
    return round(h * 3600 + Double.parseDouble(m.group(2)) * 60
        + Double.parseDouble(m.group(3)), 1);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
