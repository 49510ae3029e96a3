package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import papertrends.features.Features;
import papertrends.io.Frames;

/** Transformations of the topics stage: LDA input vectors, doc–topic weights, sizes. */
public final class Topics {
  private Topics() {}

  public static final String FEATURES = "features";
  public static final String DISTRIBUTION = "topicDistribution";

  static final StructType LDA_INPUT_SCHEMA = new StructType()
      .add("paper_id", DataTypes.StringType).add(FEATURES, SQLDataTypes.VectorType());
  static final StructType WEIGHTS_SCHEMA = StructType.fromDDL(
      "paper_id STRING, weights ARRAY<DOUBLE>, dominant_topic_id INT");

  /** paper_id and the sparse count vector (LDA's input) from doc_features rows. */
  public static Dataset<Row> ldaInput(Dataset<Row> docFeatures, int vocabSize) {
    Frames.require(docFeatures, "ldaInput", "paper_id", "term_indices", "term_counts");
    return docFeatures.select("paper_id", "term_indices", "term_counts")
        .map((MapFunction<Row, Row>) r -> {
          List<Integer> idx = r.isNullAt(1) ? List.of() : r.getList(1);
          List<Double> val = r.isNullAt(2) ? List.of() : r.getList(2);
          int[] i = idx.stream().mapToInt(Integer::intValue).toArray();
          double[] v = val.stream().mapToDouble(Double::doubleValue).toArray();
          return RowFactory.create(r.getString(0), Vectors.sparse(vocabSize, i, v));
        }, Encoders.row(LDA_INPUT_SCHEMA));
  }

  /** The full distribution per paper: paper_id, weights (sum 1), dominant_topic_id. */
  public static Dataset<Row> docTopicWeights(Dataset<Row> transformed) {
    Frames.require(transformed, "docTopicWeights", "paper_id", DISTRIBUTION);
    return transformed.select("paper_id", DISTRIBUTION).map((MapFunction<Row, Row>) r -> {
      double[] w = ((Vector) r.get(1)).toArray();
      double total = 0;
      for (double x : w) {
        total += x;
      }
      List<Double> out = new ArrayList<>(w.length);
      int best = 0;
      for (int i = 0; i < w.length; i++) {
        out.add(total > 0 ? w[i] / total : 1.0 / w.length);
        if (w[i] > w[best]) {
          best = i;
        }
      }
      return RowFactory.create(r.getString(0), Features.seq(out), best);
    }, Encoders.row(WEIGHTS_SCHEMA));
  }

  /** doc_topics rows: each weight at or above the threshold, and always the dominant topic. */
  public static Dataset<Row> docTopics(Dataset<Row> weights, double threshold) {
    Frames.require(weights, "docTopics", "paper_id", "weights", "dominant_topic_id");
    return weights.select(col("paper_id"), col("dominant_topic_id"),
            posexplode(col("weights")).as(new String[] {"topic_id", "weight"}))
        .withColumn("is_dominant", col("topic_id").equalTo(col("dominant_topic_id")))
        .where(col("weight").geq(threshold).or(col("is_dominant")))
        .select("paper_id", "topic_id", "weight", "is_dominant");
  }

  /** Per topic_id: prevalence (mean weight over papers) and doc_count (papers it dominates). */
  public static Dataset<Row> topicSizes(Dataset<Row> weights) {
    long docs = Math.max(1, weights.count());
    Dataset<Row> prevalence = weights.select(posexplode(col("weights"))
            .as(new String[] {"topic_id", "weight"}))
        .groupBy("topic_id").agg(sum("weight").divide(docs).as("prevalence"));
    Dataset<Row> dominant = weights.groupBy(col("dominant_topic_id").as("topic_id"))
        .agg(count(lit(1)).as("doc_count"));
    return prevalence.join(dominant, new String[] {"topic_id"}, "left")
        .na().fill(0L, new String[] {"doc_count"});
  }

  /**
   * About perplexity-sample-docs of n documents (all when n is at most that): each kept by a
   * hash of its paper_id and the seed, so the same papers give the same sample, with no shuffle.
   */
  static Dataset<Row> perplexitySample(Dataset<Row> docs, long n,
      papertrends.config.TopicSettings ts) {
    int at = ts.perplexitySampleDocs();
    if (n <= at) {
      return docs;
    }
    long buckets = 1_000_000;
    long keep = Math.max(1, Math.round((double) at / n * buckets));
    return docs.where(pmod(xxhash64(col("paper_id"), lit(ts.seed())), lit(buckets)).lt(keep));
  }
}
