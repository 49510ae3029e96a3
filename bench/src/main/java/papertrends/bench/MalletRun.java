package papertrends.bench;

import cc.mallet.types.Alphabet;
import cc.mallet.types.FeatureSequence;
import cc.mallet.types.IDSorter;
import cc.mallet.types.Instance;
import cc.mallet.types.InstanceList;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * System (c): MALLET's ParallelTopicModel (Gibbs sampling; 1,000 iterations, 2 threads,
 * hyperparameter optimisation every 10 iterations after 200) on the PaperTrends token lists of
 * the same documents. {@code MalletRun TOKENS_TSV K SEED OUT_DIR}. Sampling stops at the time cap
 * BENCH_MALLET_CAP_S (seconds, default 900; 0: none), so a 100k-document run stays within the
 * bench's budget; the iterations reached are reported in the results' note.
 */
public final class MalletRun {
  static final int ITERATIONS = 1000;
  static final int THREADS = 2;
  static final int OPTIMIZE_INTERVAL = 10;
  static final int BURN_IN = 200;
  // MALLET's command-line defaults: alpha sum 5.0 over all topics, beta 0.01
  static final double ALPHA_SUM = 5.0;
  static final double BETA = 0.01;

  private MalletRun() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    BenchFiles.SystemArgs a = BenchFiles.SystemArgs.parse(args);
    Path tokens = a.input();
    int k = a.k();
    Path out = a.out();

    Alphabet alphabet = new Alphabet();
    InstanceList instances = new InstanceList(alphabet, null);
    try (BufferedReader r = Files.newBufferedReader(tokens, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t");
        // exact-length arrays: a FeatureSequence built with add() keeps unused capacity that
        // parts of ParallelTopicModel read as tokens of type 0
        int[] ids = new int[f.length - 1];
        for (int i = 1; i < f.length; i++) {
          ids[i - 1] = alphabet.lookupIndex(f[i], true);
        }
        instances.add(new Instance(new FeatureSequence(alphabet, ids), null, f[0], null));
      }
    }
    double load = BenchFiles.since(start);
    System.err.printf("bench: mallet: %d documents, %d terms, %.1f s to load%n",
        instances.size(), alphabet.size(), load);

    long fitStart = System.nanoTime();
    double fitCpu = BenchFiles.cpuSeconds();
    JoinedTopicModel model = new JoinedTopicModel(k, ALPHA_SUM, BETA);
    long cap = Long.parseLong(System.getenv().getOrDefault("BENCH_MALLET_CAP_S", "900"));
    if (cap > 0) {
      model.setDeadline(fitStart + cap * 1_000_000_000L);
    }
    model.setNumThreads(THREADS);
    model.setNumIterations(ITERATIONS);
    model.setOptimizeInterval(OPTIMIZE_INTERVAL);
    model.setBurninPeriod(BURN_IN);
    model.setRandomSeed(a.seed());
    model.setTopicDisplay(ITERATIONS + 1, 0);
    model.addInstances(instances);
    model.estimate();
    double fit = BenchFiles.since(fitStart);
    fitCpu = BenchFiles.cpuSince(fitCpu);

    List<List<String>> topics = new ArrayList<>();
    for (TreeSet<IDSorter> sorted : model.getSortedWords()) {
      List<String> top = new ArrayList<>();
      Iterator<IDSorter> it = sorted.iterator();
      while (it.hasNext() && top.size() < 10) {
        top.add((String) alphabet.lookupObject(it.next().getID()));
      }
      topics.add(top);
    }
    double wall = BenchFiles.since(start);
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("load", load);
    stages.put("fit", fit);
    stages.put("fit_cpu", fitCpu);
    BenchFiles.writeTopics(out, topics);
    String note = model.iterationsDone() < ITERATIONS ? String.format(java.util.Locale.ROOT,
        "time cap of %d s: stopped after %d of %d iterations", cap, model.iterationsDone(),
        ITERATIONS) : null;
    BenchFiles.writeSystem(out, "mallet", instances.size(), k, stages, fit, wall, note);
    System.err.printf("bench: mallet: fit %.1f s, %d topics%n", fit, topics.size());
    // ParallelTopicModel leaves its non-daemon worker pool running
    System.exit(0);
  }
}
