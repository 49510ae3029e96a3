package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import papertrends.config.TopicSettings;
import papertrends.util.Progress;

/**
 * Chooses k: fits each of k-candidates on a training split of the papers and picks the k with
 * the best NPMI coherence among those whose held-out perplexity is close to the best. The chosen
 * candidate's model is kept: the final fit on all papers starts from it instead of from scratch.
 */
final class KSelection {
  private KSelection() {}

  /** One fitted candidate with its quality. */
  record Candidate(int k, LocalLDAModel model, int[][] top, double[] npmi, double heldout) {
    double meanNpmi() {
      return java.util.Arrays.stream(npmi).average().orElse(0);
    }
  }

  /** Fits each candidate on the training split; picks k by NPMI among perplexity-fit ones. */
  static Candidate chooseK(SparkSession spark, TopicSettings ts, Dataset<Row> input,
      Dataset<Row> cooc) {
    int buckets = 1000;
    Dataset<Row> withBucket = input.withColumn("bucket",
        pmod(xxhash64(col("paper_id"), lit(ts.seed())), lit(buckets)));
    long cut = Math.round(ts.heldoutShare() * buckets);
    Dataset<Row> train = withBucket.where(col("bucket").geq(cut)).drop("bucket")
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> heldout = withBucket.where(col("bucket").lt(cut)).drop("bucket");
    try {
      long trainDocs = train.count();
      long heldoutDocs = heldout.count();
      Dataset<Row> test = Topics.perplexitySample(heldout, heldoutDocs, ts);
      List<Candidate> cands = new ArrayList<>();
      for (int k : ts.kCandidates()) {
        LocalLDAModel m = LdaFitter.fitBest(spark, ts, k, train, trainDocs, null, cooc,
            "candidate");
        int[][] top = topIndices(m, Coherence.TOP_N);
        double[] npmi = Coherence.npmi(cooc, top);
        double hp = heldoutDocs == 0 ? Double.NaN : Perplexity.logPerplexity(m, test);
        Candidate c = new Candidate(k, m, top, npmi, hp);
        cands.add(c);
        Progress.info(TopicsJob.STAGE, String.format(Locale.ROOT, "candidate k=%d: mean NPMI"
            + " %.3f, held-out log-perplexity %.3f", k, c.meanNpmi(), hp));
      }
      Candidate chosen = pick(cands, ts.perplexityTolerance());
      Progress.info(TopicsJob.STAGE, "chose k=" + chosen.k() + " from " + ts.kCandidates());
      return chosen;
    } finally {
      train.unpersist();
    }
  }

  /**
   * The candidate with the best mean NPMI among those whose held-out log-perplexity is within
   * tolerance of the best (lowest) one; ties go to the smaller k.
   */
  static Candidate pick(List<Candidate> cands, double tolerance) {
    double bestP = cands.stream().mapToDouble(Candidate::heldout).filter(d -> !Double.isNaN(d))
        .min().orElse(Double.NaN);
    Candidate best = null;
    for (Candidate c : cands) {
      boolean ok = Double.isNaN(bestP) || Double.isNaN(c.heldout())
          || c.heldout() <= bestP + Math.abs(bestP) * tolerance;
      if (ok && (best == null || c.meanNpmi() > best.meanNpmi() + 1e-12)) {
        best = c;
      }
    }
    return best == null ? cands.get(0) : best;
  }

  /** Top term indices of each topic, by weight. */
  static int[][] topIndices(LocalLDAModel model, int n) {
    List<Row> rows = model.describeTopics(n).orderBy("topic").collectAsList();
    int[][] out = new int[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = rows.get(i).<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
