package papertrends.topics;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.mllib.clustering.OnlineLDAOptimizer;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import papertrends.config.TopicSettings;
import papertrends.util.Progress;
import scala.Tuple2;

/**
 * Online variational Bayes LDA driven by our own loop around MLlib's OnlineLDAOptimizer (its
 * initialize, setLambda and submitMiniBatch are Scala private[clustering] but public in the
 * bytecode of Spark {@value #SPARK_VERSION}; OnlineFitTest pins that version). Against
 * LDA.fit: one Spark job per iteration (MLlib adds an isEmpty job to each), exact passes over
 * the corpus when it fits in one mini-batch (MLlib samples the full batch with replacement),
 * a stop when the relative change of λ falls below the tolerance, and a warm start from a
 * given λ (the k-selection candidate fitted on 90 % of the papers).
 */
public final class OnlineFit {
  private OnlineFit() {}

  /** The Spark version whose OnlineLDAOptimizer this loop was written against. */
  public static final String SPARK_VERSION = "4.2.0";

  /** A fitted model, how many iterations it took and whether λ converged. */
  public record Fitted(LocalLDAModel model, int iterations, boolean converged,
      double lastChange) {}

  /**
   * Fits the online LDA of the estimator (k, priors, seed, schedule) on the features column of
   * input; warm is a k × V λ to start from (null: MLlib's seeded random start).
   */
  public static Fitted fit(SparkSession spark, TopicSettings s, LDA estimator,
      Dataset<Row> input, long docs, double[][] warm, String what) {
    int k = estimator.getK();
    JavaRDD<Tuple2<Object, Vector>> rdd = input.select(Topics.FEATURES).javaRDD()
        .map(r -> new Tuple2<Object, Vector>(0L,
            Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0))));
    rdd.persist(StorageLevel.MEMORY_AND_DISK());
    BatchPasses passes = null;
    try {
      OnlineLDAOptimizer opt = (OnlineLDAOptimizer) estimator.getOldOptimizer();
      org.apache.spark.mllib.clustering.LDA old = new org.apache.spark.mllib.clustering.LDA()
          .setK(k).setSeed(estimator.getSeed())
          .setDocConcentration(Vectors.fromML(estimator.getOldDocConcentration()))
          .setTopicConcentration(estimator.getOldTopicConcentration())
          .setMaxIterations(estimator.getMaxIter()).setOptimizer(opt);
      opt.initialize(rdd.rdd(), old);
      int vocab = opt.getLambda().cols();
      if (warm != null) {
        opt.setLambda(new breeze.linalg.DenseMatrix$mcD$sp(k, vocab, flatten(warm)));
      }
      double fraction = opt.getMiniBatchFraction();
      boolean fullBatch = fraction >= 1.0;
      // batch VB: the pass's own estimate replaces λ (MLlib blends it in with weight ρ)
      boolean batchUpdates = fullBatch && s.batchUpdates();
      // batch VB with each paper's γ kept between passes (BatchPasses: α fixed, λ replaced)
      if (batchUpdates && s.warmDocTopics() && !s.optimizeDocConcentration()) {
        opt.setLambda(new breeze.linalg.DenseMatrix$mcD$sp(k, vocab, columnMajor(opt, k, vocab)));
        passes = new BatchPasses(rdd.map(Tuple2::_2), k, vocab, opt.getAlpha().toArray(),
            opt.getEta(), estimator.getSeed(), s.checkpointInterval(),
            s.inference().equals("means"));
      }
      if (passes == null && s.inference().equals("means")) {
        Progress.info("topics", "LDA " + what + ": inference = means applies to full-batch"
            + " fits with batch-updates, warm-doc-topics and a fixed alpha only; this fit runs"
            + " MLlib's variational E-step");
      }
      java.util.Random rnd = new java.util.Random(estimator.getSeed());
      int every = Math.max(1, s.progressEvery());
      long t0 = System.nanoTime();
      double change = Double.NaN;
      int it = 0;
      boolean converged = false;
      while (it < estimator.getMaxIter() && !converged) {
        long ti = System.nanoTime();
        double[] before = lambda(opt).clone();
        it++;
        boolean kept = passes != null && it > s.warmDocTopicsAfter();
        if (kept) {
          passes.pass(lambda(opt));
        } else {
          opt.submitMiniBatch(fullBatch ? rdd.rdd()
              : rdd.rdd().sample(false, fraction, rnd.nextLong()));
        }
        if (batchUpdates && !kept) {
          // MLlib's step counter starts at 0 in initialize, as it does: its ρ of this step
          undoBlend(before, lambda(opt), Math.pow(opt.getTau0() + it, -opt.getKappa()));
        }
        change = relativeChange(before, lambda(opt));
        converged = it >= s.minIterations() && change < s.convergenceTolerance();
        if (it % every == 0 || converged || it == estimator.getMaxIter()) {
          Progress.info("topics", String.format(Locale.ROOT, "LDA %s k=%d: iteration %d of at"
              + " most %d, %.2f s (%.1f s in all), relative change of lambda %.5f%s%s", what,
              k, it, estimator.getMaxIter(), (System.nanoTime() - ti) / 1e9,
              (System.nanoTime() - t0) / 1e9, change, !kept ? ""
                  : String.format(Locale.ROOT, ", %.1f inner steps per paper",
                      passes.innerStepsPerDoc()), converged ? ": converged" : ""));
        }
      }
      org.apache.spark.mllib.clustering.LocalLDAModel oldModel =
          (org.apache.spark.mllib.clustering.LocalLDAModel) opt.getLDAModel(new double[0]);
      LocalLDAModel model = new LocalLDAModel(estimator.uid(), vocab, oldModel, spark);
      estimator.copyValues(model, ParamMap.empty());
      return new Fitted(model, it, converged, change);
    } finally {
      if (passes != null) {
        passes.close();
        int[] c = passes.checkpointFolders();
        if (c[0] > 0) {
          Progress.info("topics", String.format(Locale.ROOT,
              "LDA checkpoints: %d written, %d deleted", c[0], c[1]));
        }
      }
      rdd.unpersist(false);
    }
  }

  /** λ (k × V, topics in rows) of a fitted online model: its topics matrix transposed. */
  public static double[][] lambdaOf(LocalLDAModel model) {
    Matrix m = model.topicsMatrix();
    double[][] out = new double[m.numCols()][m.numRows()];
    for (int t = 0; t < m.numCols(); t++) {
      for (int w = 0; w < m.numRows(); w++) {
        out[t][w] = m.apply(w, t);
      }
    }
    return out;
  }

  /**
   * MLlib's update set after = (1 − ρ) before + ρ estimate (learning rate ρ = (τ0 + t)^−κ at
   * step t); this turns after, in place, into the estimate itself. A learned α still moves by ρ.
   */
  static void undoBlend(double[] before, double[] after, double rho) {
    for (int i = 0; i < after.length; i++) {
      after[i] = (after[i] - (1 - rho) * before[i]) / rho;
    }
  }

  /** Σ|a − b| / Σ|a|. */
  static double relativeChange(double[] before, double[] after) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < before.length; i++) {
      diff += Math.abs(after[i] - before[i]);
      norm += Math.abs(before[i]);
    }
    return norm == 0 ? Double.POSITIVE_INFINITY : diff / norm;
  }

  private static double[] lambda(OnlineLDAOptimizer opt) {
    return (double[]) opt.getLambda().data();
  }

  /**
   * λ's data laid out column-major ((t, w) at t + w k): MLlib's initial λ is a transposed view,
   * whose data is row-major.
   */
  static double[] columnMajor(OnlineLDAOptimizer opt, int k, int vocab) {
    breeze.linalg.DenseMatrix<Object> m = opt.getLambda();
    double[] d = (double[]) m.data();
    if (!m.isTranspose() && m.offset() == 0 && m.majorStride() == k) {
      return d.clone();
    }
    double[] out = new double[k * vocab];
    for (int t = 0; t < k; t++) {
      for (int w = 0; w < vocab; w++) {
        out[t + w * k] = (Double) m.apply(t, w);
      }
    }
    return out;
  }

  /** Column-major data of a k × V breeze matrix from rows. */
  static double[] flatten(double[][] rows) {
    int k = rows.length;
    int v = rows[0].length;
    double[] data = new double[k * v];
    for (int t = 0; t < k; t++) {
      for (int w = 0; w < v; w++) {
        data[t + w * k] = rows[t][w];
      }
    }
    return data;
  }
}
