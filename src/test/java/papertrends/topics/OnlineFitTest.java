package papertrends.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.TopicSettings;
import papertrends.testing.TestSpark;

/**
 * Our fit loop around MLlib's OnlineLDAOptimizer on 150 documents of three planted topics
 * (disjoint blocks of 20 terms): pinned to the Spark version it calls into, one Spark job per
 * iteration, a stop on convergence, the planted topics found, and a warm start that converges
 * at once to the same topics, as does the final fit from the chosen k-selection candidate.
 */
class OnlineFitTest {
  static final int K = 3;
  static final int BLOCK = 20;
  @TempDir
  static Path dir;
  static SparkSession spark;
  static TopicSettings ts;
  static Dataset<Row> input;
  static Dataset<Row> cooc;

  @BeforeAll
  static void corpus() {
    spark = TestSpark.session();
    ts = TestSpark.settings(dir.resolve("wh"), "topics.k=3", "topics.max-iterations=100",
        "topics.convergence-tolerance=0.001", "topics.min-iterations=3").topics();
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    List<Row> indices = new ArrayList<>();
    for (int d = 0; d < 150; d++) {
      double[] counts = new double[K * BLOCK];
      for (int i = 0; i < 40; i++) {
        counts[(d % K) * BLOCK + rnd.nextInt(BLOCK)] += 1;
      }
      rows.add(RowFactory.create("p" + d, Vectors.dense(counts).compressed()));
      indices.add(RowFactory.create(papertrends.features.Features.seq(java.util.Arrays.stream(
          Vectors.dense(counts).toSparse().indices()).boxed().toList())));
    }
    input = spark.createDataFrame(rows, Topics.LDA_INPUT_SCHEMA).repartition(2).cache();
    input.count();
    cooc = spark.createDataFrame(indices,
        org.apache.spark.sql.types.StructType.fromDDL("term_indices ARRAY<INT>")).cache();
  }

  /** Block (planted topic) of each topic's top five terms; fails when a topic mixes blocks. */
  static List<Integer> blocks(org.apache.spark.ml.clustering.LocalLDAModel m) {
    List<Integer> out = new ArrayList<>();
    for (int[] top : KSelection.topIndices(m, 5)) {
      Set<Integer> b = new HashSet<>();
      for (int w : top) {
        b.add(w / BLOCK);
      }
      assertEquals(1, b.size(), "a topic mixes planted topics");
      out.add(b.iterator().next());
    }
    return out;
  }

  @Test
  void writtenAgainstThisSparkVersion() {
    assertEquals(OnlineFit.SPARK_VERSION, spark.version(), "OnlineFit calls Scala"
        + " private[clustering] methods of OnlineLDAOptimizer: check them against this Spark");
  }

  @Test
  void oneJobPerIterationStopsOnConvergenceAndWarmStartConvergesAtOnce() throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener count = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(count);
    OnlineFit.Fitted cold;
    OnlineFit.Fitted warm;
    int coldJobs;
    try {
      cold = OnlineFit.fit(spark, ts, LdaFitter.estimator(ts, K, 150), input, 150, null,
          "test");
      spark.sparkContext().listenerBus().waitUntilEmpty();
      coldJobs = jobs.getAndSet(0);
      warm = OnlineFit.fit(spark, ts, LdaFitter.estimator(ts, K, 150), input, 150,
          OnlineFit.lambdaOf(cold.model()), "test warm");
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(count);
    }
    assertTrue(cold.converged() && cold.iterations() < 100, "iterations " + cold.iterations());
    assertTrue(warm.converged() && warm.iterations() < cold.iterations(),
        "warm " + warm.iterations() + " against cold " + cold.iterations());
    // the same fixed jobs (caching the input, initialize), then one job per iteration
    assertEquals(cold.iterations() - warm.iterations(), coldJobs - jobs.get());
    List<Integer> planted = blocks(cold.model());
    assertEquals(Set.of(0, 1, 2), new HashSet<>(planted));
    assertEquals(planted, blocks(warm.model()));
    // k selection keeps its candidate fitted on 90 %: the final fit starts there
    TopicSettings sel = TestSpark.settings(dir.resolve("wh"), "topics.k-candidates=[2, 3]",
        "topics.max-iterations=100", "topics.min-iterations=3").topics();
    KSelection.Candidate chosen = KSelection.chooseK(spark, sel, input, cooc);
    assertEquals(3, chosen.k());
    OnlineFit.Fitted fin = OnlineFit.fit(spark, sel, LdaFitter.estimator(sel, K, 150), input,
        150, OnlineFit.lambdaOf(chosen.model()), "test final");
    assertTrue(fin.converged() && fin.iterations() < cold.iterations(),
        "final " + fin.iterations() + " against cold " + cold.iterations());
    assertEquals(Set.of(0, 1, 2), new HashSet<>(blocks(fin.model())));
  }

  @Test
  void restartsStartTheFullFitFromTheShortStartWithTheBestNpmi() {
    TopicSettings rs = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=30", "topics.min-iterations=3", "topics.restarts=3",
        "topics.restart-iterations=2").topics();
    // the three short starts by hand: seeds 42, 43, 44, two iterations each, scored by NPMI
    double best = Double.NEGATIVE_INFINITY;
    double[][] bestLambda = null;
    Set<String> distinct = new HashSet<>();
    for (int r = 0; r < 3; r++) {
      TopicSettings one = rs.shortStart(rs.seed() + r, 2);
      org.apache.spark.ml.clustering.LocalLDAModel m = LdaFitter.fit(spark, one, K, input, 150,
          "start");
      double[][] lambda = OnlineFit.lambdaOf(m);
      distinct.add(java.util.Arrays.deepToString(lambda));
      double npmi = java.util.Arrays.stream(Coherence.npmi(cooc, KSelection.topIndices(m,
          Coherence.TOP_N))).average().orElseThrow();
      if (npmi > best) {
        best = npmi;
        bestLambda = lambda;
      }
    }
    assertEquals(3, distinct.size(), "the starts use different seeds");
    double[][] expected = OnlineFit.lambdaOf(LdaFitter.fit(spark, rs, K, input, 150, bestLambda,
        "from best"));
    org.apache.spark.ml.clustering.LocalLDAModel fitted = LdaFitter.fitBest(spark, rs, K, input,
        150, null, cooc, "restarts");
    double[][] got = OnlineFit.lambdaOf(fitted);
    for (int t = 0; t < K; t++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected[t], got[t], 1e-6);
    }
    assertEquals(Set.of(0, 1, 2), new HashSet<>(blocks(fitted)));
    // restarts = 1 is the plain seeded fit
    TopicSettings single = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=30", "topics.min-iterations=3").topics();
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        OnlineFit.lambdaOf(LdaFitter.fit(spark, single, K, input, 150, "plain"))[0],
        OnlineFit.lambdaOf(LdaFitter.fitBest(spark, single, K, input, 150, null, cooc,
            "plain"))[0], 1e-6);
  }

  @Test
  void batchUpdatesReplaceLambdaWithThePassEstimate() {
    double[] before = {1, 2, 4};
    double[] estimate = {3, 5, 0.5};
    double rho = 0.3;
    double[] after = new double[3];
    for (int i = 0; i < 3; i++) {
      after[i] = (1 - rho) * before[i] + rho * estimate[i];
    }
    OnlineFit.undoBlend(before, after, rho);
    org.junit.jupiter.api.Assertions.assertArrayEquals(estimate, after, 1e-12);
    // after one batch step λ is the pass's estimate alone: η plus each token once, nothing left
    // of the random start (a blended step keeps (1 − ρ) = 30 % of it)
    TopicSettings one = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=1", "topics.min-iterations=1", "topics.batch-updates=true")
        .topics();
    double mass = java.util.Arrays.stream(OnlineFit.lambdaOf(OnlineFit.fit(spark, one,
        LdaFitter.estimator(one, K, 150), input, 150, null, "one step").model()))
        .flatMapToDouble(java.util.Arrays::stream).sum();
    assertEquals(150 * 40 + K * K * BLOCK * LdaFitter.eta(one), mass, 1e-6 * mass);
    // batch VB on the planted corpus finds the three planted topics and converges
    TopicSettings b = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=100", "topics.min-iterations=3", "topics.batch-updates=true")
        .topics();
    OnlineFit.Fitted f = OnlineFit.fit(spark, b, LdaFitter.estimator(b, K, 150), input, 150,
        null, "batch");
    assertTrue(f.converged() && f.iterations() < 100, "iterations " + f.iterations());
    assertEquals(Set.of(0, 1, 2), new HashSet<>(blocks(f.model())));
  }

  @Test
  void theLogPerplexityBoundIsMllibsAndIndependentOfPartitions() {
    TopicSettings few = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=2", "topics.min-iterations=2").topics();
    org.apache.spark.ml.clustering.LocalLDAModel rough = OnlineFit.fit(spark, few,
        LdaFitter.estimator(few, K, 150), input, 150, null, "rough").model();
    org.apache.spark.ml.clustering.LocalLDAModel good = OnlineFit.fit(spark, ts,
        LdaFitter.estimator(ts, K, 150), input, 150, null, "good").model();
    for (org.apache.spark.ml.clustering.LocalLDAModel m : List.of(rough, good)) {
      double ours = Perplexity.logPerplexity(m, input);
      // MLlib's bound differs only by its random start of each paper's γ
      double mllib = m.logPerplexity(input);
      assertEquals(mllib, ours, 1e-3 * Math.abs(mllib), "ours " + ours + ", MLlib " + mllib);
      // the same papers in other partitions and order give the same value
      assertEquals(ours, Perplexity.logPerplexity(m, input.repartition(3).sort("paper_id")
          .select("features")), 1e-9 * Math.abs(ours));
    }
    // the planted topics explain the papers better than two passes from a random start
    assertTrue(Perplexity.logPerplexity(good, input) < Perplexity.logPerplexity(rough, input));
    // a sample of about 50 of the 150 papers, the same on every call
    TopicSettings s50 = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.perplexity-sample-docs=50").topics();
    Set<String> a = new HashSet<>();
    Topics.perplexitySample(input, 150, s50).select("paper_id").collectAsList()
        .forEach(r -> a.add(r.getString(0)));
    assertTrue(a.size() > 25 && a.size() < 75, a.size() + " papers in the sample");
    Set<String> b = new HashSet<>();
    Topics.perplexitySample(input.repartition(3), 150, s50).select("paper_id").collectAsList()
        .forEach(r -> b.add(r.getString(0)));
    assertEquals(a, b);
  }
}
