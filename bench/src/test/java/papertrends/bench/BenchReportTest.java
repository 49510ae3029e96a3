package papertrends.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench report over several seeds: seed folders in numeric order, means, spreads, pairs. */
class BenchReportTest {
  @TempDir
  Path tmp;

  @Test
  void seedFoldersComeInNumericOrderAndAFolderWithoutSeedsIsOneRun() throws Exception {
    Path k = tmp.resolve("k10");
    for (String d : List.of("seed10", "seed2", "seed7", "papertrends")) {
      Files.createDirectories(k.resolve(d));
    }
    assertEquals(List.of(2, 7, 10), new ArrayList<>(Report.seedDirs(k).keySet()));
    Path old = tmp.resolve("k20");
    Files.createDirectories(old.resolve("mallet"));
    Map<Integer, Path> one = Report.seedDirs(old);
    assertEquals(1, one.size());
    assertEquals(old, one.get(null));
  }

  @Test
  void theTableGivesMeansSpreadsAndTheNpmiDifferenceOfEachSeed() {
    List<Map<String, Object>> runs = new ArrayList<>();
    // seed 1: PaperTrends 0.08 vs MALLET 0.10; seed 2: 0.10 vs 0.10; seed 3: MALLET only
    runs.add(run("papertrends", 1, 0.08, 20, 60, Map.of("features", 10.0, "topics", 30.0)));
    runs.add(run("mallet", 1, 0.10, 10, 12, Map.of("fit", 10.0)));
    runs.add(run("papertrends", 2, 0.10, 30, 80, Map.of("features", 14.0, "topics", 34.0)));
    runs.add(run("mallet", 2, 0.10, 30, 36, Map.of("fit", 30.0)));
    runs.add(run("mallet", 3, 0.13, 20, 24, Map.of("fit", 20.0)));
    String table = Report.table("csv", runs);
    // PaperTrends NPMI over seeds 1-2: mean 0.09, sample sd sqrt(2 * 0.01²) = 0.0141
    assertTrue(table.contains("| papertrends | 10 | 2 | 0.090 ± 0.014 | 25.0 ± 7.1 |"), table);
    // MALLET over seeds 1-3: NPMI mean 0.11, fit 20 ± 10
    assertTrue(table.contains("| mallet | 10 | 3 | 0.110 ± 0.017 | 20.0 ± 10.0 |"), table);
    // ratios of means: wall 70 / 24, fit 25 / 20, features + topics 44 / 24; NPMI differences
    // of the 2 seeds both finished: -0.02 and 0
    String ratio = String.format(java.util.Locale.ROOT,
        "| PaperTrends / MALLET | 10 | 2 | %.2f | %.2f | %.2f | -0.010 | -0.020 | +0.000 |",
        70 / 24.0, 25 / 20.0, 44 / 24.0);
    assertTrue(table.contains(ratio), table);
  }

  private static Map<String, Object> run(String system, int seed, double npmi, double fit,
      double wall, Map<String, Double> stages) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("system", system);
    r.put("corpus", "csv");
    r.put("docs", 100L);
    r.put("k", 10);
    r.put("seed", seed);
    r.put("wall_s", wall);
    r.put("fit_s", fit);
    r.put("npmi", npmi);
    r.put("diversity", 0.9);
    r.put("docs_per_s", 100 / wall);
    r.put("top_term_median_doc_share", 0.01);
    r.put("stages", new LinkedHashMap<>(stages));
    return r;
  }
}
