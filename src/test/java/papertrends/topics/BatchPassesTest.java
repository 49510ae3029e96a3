package papertrends.topics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.OnlineLDAOptimizer$;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.TopicSettings;
import papertrends.testing.TestSpark;

/**
 * Batch passes that keep each paper's γ: the E-step is MLlib's (same γ and statistics from the
 * same λ), or with inference = means solves its own fixed point; a kept γ cuts the inner steps a
 * pass needs, the planted topics are found, and a fit is the same for the same seed (reruns are
 * exact).
 */
class BatchPassesTest {
  static final int K = 3;
  static final int BLOCK = 20;
  static final int DOCS = 150;
  @TempDir
  static Path dir;
  static SparkSession spark;
  static List<Vector> docs = new ArrayList<>();

  @BeforeAll
  static void corpus() {
    spark = TestSpark.session();
    Random rnd = new Random(5);
    for (int d = 0; d < DOCS; d++) {
      double[] counts = new double[K * BLOCK];
      for (int i = 0; i < 40; i++) {
        counts[(d % K) * BLOCK + rnd.nextInt(BLOCK)] += 1;
      }
      docs.add(Vectors.dense(counts).compressed());
    }
  }

  /** About MLlib's start: each cell near 1 (MLlib draws Gamma(100, 1 / 100)). */
  static double[] randomLambda(int k, int vocab, long seed) {
    Random r = new Random(seed);
    double[] l = new double[k * vocab];
    for (int i = 0; i < l.length; i++) {
      l[i] = 0.9 + 0.2 * r.nextDouble();
    }
    return l;
  }

  /** A λ whose topic 0 favours the first document's block, so its γ is far from uniform. */
  static double[] favouringLambda(int vocab) {
    double[] lambda = randomLambda(K, vocab, 1);
    for (int w = 0; w < BLOCK; w++) {
      lambda[0 + w * K] += 20;
    }
    return lambda;
  }

  @Test
  void theEStepIsMllibs() {
    int vocab = K * BLOCK;
    double[] lambda = favouringLambda(vocab);
    double[] e = BatchPasses.expElogBeta(lambda, K, vocab);
    breeze.linalg.DenseMatrix<Object> eb =
        new breeze.linalg.DenseMatrix$mcD$sp(vocab, K, new double[vocab * K]);
    for (int w = 0; w < vocab; w++) {
      for (int t = 0; t < K; t++) {
        eb.update(w, t, e[t + w * K]);
      }
    }
    double[] alpha = {0.5, 0.5, 0.5};
    org.apache.spark.mllib.linalg.SparseVector doc = docs.get(0).toSparse();
    scala.Tuple3<breeze.linalg.DenseVector<Object>, breeze.linalg.DenseMatrix<Object>,
        scala.collection.immutable.List<Object>> mllib = OnlineLDAOptimizer$.MODULE$
        .variationalTopicInference(doc, eb, new breeze.linalg.DenseVector$mcD$sp(alpha), 100,
            K, 7L);
    double[] gamma = {1, 1, 1};
    BatchPasses.Inference inf = new BatchPasses.Inference(K, false);
    inf.infer(doc.indices(), doc.values(), e, alpha, gamma);
    double[] mg = (double[]) mllib._1().data();
    assertTrue(mg[0] > 10 * mg[1], "the favoured topic dominates: " + mg[0] + " " + mg[1]);
    for (int t = 0; t < K; t++) {
      assertEquals(mg[t], gamma[t], 0.01 * mg[t] + 0.01, "gamma of topic " + t);
    }
    double[] stats = new double[K * vocab];
    inf.addStats(doc.indices(), doc.values(), e, gamma, stats);
    double[] ms = (double[]) mllib._2().data();
    int[] ids = doc.indices();
    for (int j = 0; j < ids.length; j++) {
      for (int t = 0; t < K; t++) {
        double m = ms[t + j * K];
        assertEquals(m, stats[t + ids[j] * K], 0.01 * m + 1e-3, "term " + ids[j] + " topic " + t);
      }
    }
  }

  /**
   * inference = means: γ is the fixed point γ_t = α_t + Σ_w c_w θ_t β_tw / Σ_s θ_s β_sw with the
   * means θ ∝ γ and β_tw = λ_tw / Σ_v λ_tv (computed here from λ, not from the code's buffers),
   * and the weaker topics keep more weight than under VB's exp(digamma) (its x − 0.5 penalty).
   */
  @Test
  void theMeansEStepSolvesItsOwnFixedPoint() {
    int vocab = K * BLOCK;
    double[] lambda = favouringLambda(vocab);
    double[] alpha = {0.5, 0.5, 0.5};
    org.apache.spark.mllib.linalg.SparseVector doc = docs.get(0).toSparse();
    double[] gamma = {1, 1, 1};
    new BatchPasses.Inference(K, true).infer(doc.indices(), doc.values(),
        BatchPasses.meanBeta(lambda, K, vocab), alpha, gamma);
    double[] vbGamma = {1, 1, 1};
    new BatchPasses.Inference(K, false).infer(doc.indices(), doc.values(),
        BatchPasses.expElogBeta(lambda, K, vocab), alpha, vbGamma);
    double[] rowSum = new double[K];
    for (int t = 0; t < K; t++) {
      for (int w = 0; w < vocab; w++) {
        rowSum[t] += lambda[t + w * K];
      }
    }
    double[] expected = alpha.clone();
    int[] ids = doc.indices();
    for (int j = 0; j < ids.length; j++) {
      double norm = 0;
      for (int t = 0; t < K; t++) {
        norm += gamma[t] * lambda[t + ids[j] * K] / rowSum[t];
      }
      for (int t = 0; t < K; t++) {
        expected[t] += doc.values()[j] * gamma[t] * lambda[t + ids[j] * K] / rowSum[t] / norm;
      }
    }
    for (int t = 0; t < K; t++) {
      assertEquals(expected[t], gamma[t], 0.01, "gamma of topic " + t);
    }
    assertEquals(40 + 1.5, gamma[0] + gamma[1] + gamma[2], 1e-6, "every token once, plus α");
    assertTrue(gamma[0] > 10 * gamma[1], "the favoured topic dominates: " + gamma[0]);
    assertTrue(gamma[1] + gamma[2] > vbGamma[1] + vbGamma[2], "means " + gamma[1] + ", "
        + gamma[2] + "; vb " + vbGamma[1] + ", " + vbGamma[2]);
  }

  /** Passes over the planted papers: α 0.5, η 0.05, seed 42, lineage cut every 4 passes. */
  static BatchPasses planted(JavaRDD<Vector> rdd, int vocab) {
    return new BatchPasses(rdd, K, vocab, new double[] {0.5, 0.5, 0.5}, 0.05, 42, 4, false);
  }

  @Test
  void keptGammaCutsInnerStepsAndFindsThePlantedTopics() {
    JavaRDD<Vector> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(docs, 2);
    int vocab = K * BLOCK;
    double[] lambda = randomLambda(K, vocab, 2);
    double lastSteps;
    double[] beforeLast;
    try (BatchPasses p = planted(rdd, vocab)) {
      for (int i = 0; i < 19; i++) {
        p.pass(lambda);
      }
      beforeLast = lambda.clone();
      p.pass(lambda);
      lastSteps = p.innerStepsPerDoc();
    }
    // pass 20 again from the λ it started from, with a fresh random γ as MLlib draws every pass
    double freshSteps;
    try (BatchPasses fresh = planted(rdd, vocab)) {
      fresh.pass(beforeLast);
      freshSteps = fresh.innerStepsPerDoc();
    }
    assertTrue(freshSteps >= 1.5 * lastSteps, "inner steps per paper at pass 20: kept γ "
        + lastSteps + ", fresh γ " + freshSteps);
    // each topic's five heaviest terms come from one planted block, and all three are found
    Set<Integer> found = new HashSet<>();
    for (int t = 0; t < K; t++) {
      final int tt = t;
      List<Integer> order = new ArrayList<>();
      for (int w = 0; w < vocab; w++) {
        order.add(w);
      }
      order.sort((a, b) -> Double.compare(lambda[tt + b * K], lambda[tt + a * K]));
      Set<Integer> blocks = new HashSet<>();
      order.subList(0, 5).forEach(w -> blocks.add(w / BLOCK));
      assertEquals(1, blocks.size(), "topic " + t + " mixes blocks");
      found.addAll(blocks);
    }
    assertEquals(Set.of(0, 1, 2), found);
    // every token counted once, plus eta on every cell
    double mass = java.util.Arrays.stream(lambda).sum();
    assertEquals(DOCS * 40 + K * vocab * 0.05, mass, 1e-6 * mass);
  }

  /**
   * With a checkpoint directory the lineage is cut by checkpoint files (on a cluster they outlive
   * an executor): written every 4 passes, the older deleted once a newer one exists, the last on
   * close, and λ is the same, value for value, as with localCheckpoint (no files).
   */
  @Test
  void reliableCheckpointsAreDeletedWhenReplacedAndChangeNothing() throws Exception {
    JavaRDD<Vector> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(docs, 2);
    int vocab = K * BLOCK;
    double[] local = randomLambda(K, vocab, 3);
    double[] reliable = local.clone();
    org.apache.spark.SparkContext sc = spark.sparkContext();
    scala.Option<String> before = sc.getCheckpointDir();
    Path folder = dir.resolve("checkpoints");
    try {
      sc.checkpointDir_$eq(scala.Option.empty()); // Spark's own field: no public way to unset
      try (BatchPasses p = planted(rdd, vocab)) {
        for (int i = 0; i < 9; i++) {
          p.pass(local);
        }
        assertArrayEquals(new int[] {0, 0}, p.checkpointFolders(), "localCheckpoint: no files");
      }
      sc.setCheckpointDir(folder.toString());
      try (BatchPasses p = planted(rdd, vocab)) {
        for (int i = 0; i < 9; i++) {
          p.pass(reliable);
          if (i == 4) {
            // after pass 5: pass 4's checkpoint, the only one so far, is on disk
            assertEquals(1, checkpointFolders(folder));
          }
        }
        // passes 4 and 8 wrote one each; pass 8's replaced pass 4's, which is gone
        assertArrayEquals(new int[] {2, 1}, p.checkpointFolders());
        assertEquals(1, checkpointFolders(folder));
        p.close();
        assertArrayEquals(new int[] {2, 2}, p.checkpointFolders());
        assertEquals(0, checkpointFolders(folder), "a closed fit leaves no checkpoint files");
      }
    } finally {
      sc.checkpointDir_$eq(before);
    }
    assertArrayEquals(local, reliable, 0.0, "the same λ with checkpoint files as without");
  }

  /** rdd-N folders (Spark's checkpoint files of one RDD) under the checkpoint directory. */
  static long checkpointFolders(Path folder) throws java.io.IOException {
    try (var s = java.nio.file.Files.walk(folder)) {
      return s.filter(p -> java.nio.file.Files.isDirectory(p)
          && p.getFileName().toString().startsWith("rdd-")).count();
    }
  }

  @Test
  void theSameSeedFitsTheSameTopicsAndEveryEStepFindsThem() {
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (int d = 0; d < DOCS; d++) {
      rows.add(org.apache.spark.sql.RowFactory.create("p" + d, docs.get(d).asML()));
    }
    var input = spark.createDataFrame(rows, Topics.LDA_INPUT_SCHEMA).repartition(2).cache();
    // kept γ from the first pass (as the default, spelled out: this corpus converges in under 10
    // passes, before a later start would act), with VB's E-step
    TopicSettings warm = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=30", "topics.min-iterations=3", "topics.warm-doc-topics-after=0",
        "topics.inference=vb").topics();
    TopicSettings cold = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=30", "topics.min-iterations=3", "topics.warm-doc-topics=false")
        .topics();
    assertTrue(warm.warmDocTopics() && !cold.warmDocTopics());
    double[][] a = OnlineFit.lambdaOf(LdaFitter.fit(spark, warm, K, input, DOCS, "a"));
    double[][] b = OnlineFit.lambdaOf(LdaFitter.fit(spark, warm, K, input, DOCS, "b"));
    for (int t = 0; t < K; t++) {
      assertArrayEquals(a[t], b[t], 0.0, "topic " + t + " of a rerun");
    }
    double[][] c = OnlineFit.lambdaOf(LdaFitter.fit(spark, cold, K, input, DOCS, "mllib"));
    assertEquals(Set.of(0, 1, 2), topBlocks(a));
    assertEquals(Set.of(0, 1, 2), topBlocks(c));
    TopicSettings means = TestSpark.settings(dir.resolve("wh"), "topics.k=3",
        "topics.max-iterations=30", "topics.min-iterations=3", "topics.inference=means",
        "topics.warm-doc-topics-after=0")
        .topics();
    double[][] m = OnlineFit.lambdaOf(LdaFitter.fit(spark, means, K, input, DOCS, "means"));
    double[][] m2 = OnlineFit.lambdaOf(LdaFitter.fit(spark, means, K, input, DOCS, "means"));
    for (int t = 0; t < K; t++) {
      assertArrayEquals(m[t], m2[t], 0.0, "topic " + t + " of a rerun with means");
    }
    assertEquals(Set.of(0, 1, 2), topBlocks(m));
    assertTrue(!java.util.Arrays.equals(m[0], a[0]), "means and vb fit different λ");
    input.unpersist();
  }

  /** The planted block of each topic's heaviest term. */
  static Set<Integer> topBlocks(double[][] lambda) {
    Set<Integer> out = new HashSet<>();
    for (double[] row : lambda) {
      int best = 0;
      for (int w = 1; w < row.length; w++) {
        if (row[w] > row[best]) {
          best = w;
        }
      }
      out.add(best / BLOCK);
    }
    return out;
  }
}
