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
 * Collects one invocation's runs of a corpus (WORK/k<K>/<system>/), scores every system's topics
 * with the one {@link Coherence} implementation, reads peak RSS from {@code /usr/bin/time -v},
 * writes the results JSON and prints the Markdown table with the PaperTrends ratios. A system
 * that failed is reported with its error, never fails the report.
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
      runs.addAll(runsOf(work.resolve("k" + k), corpus, k));
    }
    result.put("runs", runs);
    Files.createDirectories(outFile.toAbsolutePath().getParent());
    BenchFiles.JSON.writeValue(outFile.toFile(), result);
    System.out.println(table(corpus, runs));
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

  /** The Markdown table of the runs, then the ratios PaperTrends / MALLET and / plain MLlib. */
  static String table(String corpus, List<Map<String, Object>> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| system | corpus | docs | k | wall s | fit s | docs/s | CPU s | peak RSS MB |"
        + " NPMI | diversity | median doc share of top terms | stages (s) |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Map<String, Object> r : runs) {
      if (r.containsKey("error")) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | | %s | %s ||||||||\n", r.get("system"),
            corpus, r.get("k"), r.get("error")));
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Double> stages = (Map<String, Double>) r.get("stages");
      StringBuilder st = new StringBuilder();
      stages.forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.1f", k, v)));
      sb.append(String.format(Locale.ROOT,
          "| %s | %s | %d | %d | %.1f | %.1f | %.1f | %s | %s | %.3f | %.2f | %.3f | %s |\n",
          r.get("system"), corpus, r.get("docs"), r.get("k"), r.get("wall_s"), r.get("fit_s"),
          r.get("docs_per_s"), r.get("process_cpu_s"), r.get("peak_rss_mb"), r.get("npmi"),
          r.get("diversity"), r.get("top_term_median_doc_share"),
          st + (r.containsKey("note") ? "; " + r.get("note") : "")));
    }
    sb.append("\n| ratio | k | wall time | fit time | NPMI | NPMI difference |\n");
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    Map<Object, Map<String, Map<String, Object>>> byK = new LinkedHashMap<>();
    for (Map<String, Object> r : runs) {
      if (!r.containsKey("error")) {
        byK.computeIfAbsent(r.get("k"), x -> new HashMap<>()).put((String) r.get("system"), r);
      }
    }
    byK.forEach((k, bySystem) -> {
      Map<String, Object> pt = bySystem.get("papertrends");
      for (String other : List.of("mallet", "mllib")) {
        Map<String, Object> o = bySystem.get(other);
        if (pt == null || o == null) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, "| PaperTrends / %s | %s | %.2f | %.2f | %.2f |"
            + " %+.3f |\n", other.equals("mllib") ? "plain MLlib" : "MALLET", k,
            ratio(pt, o, "wall_s"), ratio(pt, o, "fit_s"), ratio(pt, o, "npmi"),
            (Double) pt.get("npmi") - (Double) o.get("npmi")));
      }
    });
    return sb.toString();
  }

  private static double ratio(Map<String, Object> a, Map<String, Object> b, String key) {
    return ((Number) a.get(key)).doubleValue() / ((Number) b.get(key)).doubleValue();
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
