package papertrends.topics;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.clustering.DistributedLDAModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.TopicSettings;
import papertrends.util.Progress;

/**
 * Builds and fits MLlib LDA with the configured priors and schedule. Priors (documented in
 * reference.conf): online uses alpha = 5/k (MALLET's alpha sum of 5: few topics per abstract),
 * optimised during the fit, and eta = 0.05 (peaked topics without favouring rare words); EM
 * (MAP estimates, so priors are above 1) uses alpha = 1 + 10/k, sparser than MLlib's 50/k + 1
 * (tuned in bench/: NPMI 0.10 against 0.09 at k = 10 on the arXiv CSV set), and eta = 1.1.
 * Online fits run in {@link OnlineFit} (one Spark job per iteration, stop on convergence, warm
 * start); EM fits run in MLlib's LDA.fit, with progress printed every few iterations by a
 * listener counting the fit's Spark jobs.
 */
public final class LdaFitter {
  private LdaFitter() {}

  /** The effective document-topic prior. */
  public static double alpha(TopicSettings s, int k) {
    if (s.docConcentration() != null) {
      return s.docConcentration();
    }
    return "em".equals(s.optimizer()) ? 1 + 10.0 / k : 5.0 / k;
  }

  /** The effective topic-term prior. */
  public static double eta(TopicSettings s) {
    if (s.topicConcentration() != null) {
      return s.topicConcentration();
    }
    return "em".equals(s.optimizer()) ? 1.1 : 0.05;
  }

  /** The configured estimator for k topics over a corpus of docs documents. */
  public static LDA estimator(TopicSettings s, int k, long docs) {
    LDA lda = new LDA().setK(k).setSeed(s.seed()).setMaxIter(s.maxIterations())
        .setOptimizer(s.optimizer()).setFeaturesCol(Topics.FEATURES)
        .setTopicDistributionCol(Topics.DISTRIBUTION)
        .setDocConcentration(new double[] {alpha(s, k)})
        .setTopicConcentration(eta(s));
    if ("online".equals(s.optimizer())) {
      double rate = Math.min(1.0, Math.max(s.subsamplingRate(),
          docs == 0 ? 1.0 : (double) s.minBatchDocs() / docs));
      lda.setSubsamplingRate(rate).setLearningOffset(s.learningOffset())
          .setLearningDecay(s.learningDecay())
          .setOptimizeDocConcentration(s.optimizeDocConcentration());
    } else {
      lda.setCheckpointInterval(s.checkpointInterval()).setKeepLastCheckpoint(false);
    }
    return lda;
  }

  /** Fits from a cold start. */
  public static LocalLDAModel fit(SparkSession spark, TopicSettings s, int k,
      Dataset<Row> input, long docs, String what) {
    return fit(spark, s, k, input, docs, null, what);
  }

  /**
   * Fits like {@link #fit(SparkSession, TopicSettings, int, Dataset, long, double[][], String)};
   * an online fit from scratch with restarts above 1 first runs that many short starts (seeds
   * seed, seed + 1, ...) and starts the full fit from the one whose top terms have the best mean
   * NPMI over cooc (term_indices per paper).
   */
  public static LocalLDAModel fitBest(SparkSession spark, TopicSettings s, int k,
      Dataset<Row> input, long docs, double[][] warm, Dataset<Row> cooc, String what) {
    if (warm != null || s.restarts() <= 1 || !"online".equals(s.optimizer())) {
      return fit(spark, s, k, input, docs, warm, what);
    }
    double best = Double.NEGATIVE_INFINITY;
    double[][] bestLambda = null;
    long bestSeed = s.seed();
    for (int r = 0; r < s.restarts(); r++) {
      long seed = s.seed() + r;
      TopicSettings start = s.shortStart(seed, s.restartIterations());
      LocalLDAModel m = fit(spark, start, k, input, docs, null,
          what + " start " + (r + 1) + "/" + s.restarts());
      double npmi = Arrays.stream(Coherence.npmi(cooc, KSelection.topIndices(m,
          Coherence.TOP_N))).average().orElse(Double.NEGATIVE_INFINITY);
      Progress.info("topics", String.format(Locale.ROOT, "LDA %s k=%d: start %d of %d (seed %d,"
          + " %d iterations) mean NPMI %.4f", what, k, r + 1, s.restarts(), seed,
          s.restartIterations(), npmi));
      if (npmi > best) {
        best = npmi;
        bestLambda = OnlineFit.lambdaOf(m);
        bestSeed = seed;
      }
    }
    Progress.info("topics", String.format(Locale.ROOT, "LDA %s k=%d: the full fit starts from"
        + " seed %d's start (mean NPMI %.4f)", what, k, bestSeed, best));
    return fit(spark, s, k, input, docs, bestLambda, what);
  }

  /**
   * Fits, printing progress; online from warm (a k × V λ, null: a seeded random start), EM
   * always cold; an EM model is returned as its local (savable, scorable) form.
   */
  public static LocalLDAModel fit(SparkSession spark, TopicSettings s, int k,
      Dataset<Row> input, long docs, double[][] warm, String what) {
    if ("online".equals(s.optimizer())) {
      String desc = "topics: LDA " + what + " k=" + k;
      spark.sparkContext().setJobDescription(desc);
      long t0 = System.nanoTime();
      OnlineFit.Fitted f = OnlineFit.fit(spark, s, estimator(s, k, docs), input, docs, warm,
          what);
      Progress.info("topics", String.format(Locale.ROOT, "LDA %s k=%d fitted in %.1f s (%d"
          + " iterations%s%s)", what, k, (System.nanoTime() - t0) / 1e9, f.iterations(),
          warm == null ? "" : ", warm start", f.converged() ? ", converged" : ""));
      return f.model();
    }
    if ("em".equals(s.optimizer()) && spark.sparkContext().getCheckpointDir().isEmpty()) {
      throw new IllegalStateException("EM LDA needs a checkpoint directory");
    }
    String desc = "topics: LDA " + what + " k=" + k;
    spark.sparkContext().setJobDescription(desc);
    long t0 = System.nanoTime();
    AtomicInteger jobs = new AtomicInteger();
    int every = Math.max(1, s.progressEvery());
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String d = start.properties() == null ? null
            : start.properties().getProperty("spark.job.description");
        if (desc.equals(d)) {
          int j = jobs.incrementAndGet();
          if (j % every == 0) {
            Progress.info("topics", String.format(Locale.ROOT,
                "LDA %s k=%d: %d Spark jobs started (about one per iteration of %d), %.1f s",
                what, k, j, s.maxIterations(), (System.nanoTime() - t0) / 1e9));
          }
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      // An uncached projection: online LDA then caches its own RDD of vectors instead of
      // converting the cached rows again in every iteration (it skips that when its input is
      // cached); EM builds and caches its graph either way.
      LDAModel m = estimator(s, k, docs).fit(input.select(Topics.FEATURES));
      return m instanceof DistributedLDAModel d ? d.toLocal() : (LocalLDAModel) m;
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      Progress.info("topics", String.format(Locale.ROOT, "LDA %s k=%d fitted in %.1f s",
          what, k, (System.nanoTime() - t0) / 1e9));
    }
  }
}
