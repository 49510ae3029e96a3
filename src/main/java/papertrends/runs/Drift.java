package papertrends.runs;

import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * How far new papers are from a pinned model: the share of their tokens outside its vocabulary
 * and their log-perplexity under its LDA model, from the doc_features pinned scoring wrote.
 */
public final class Drift {
  private Drift() {}

  /** The measures of the new papers (NaN perplexities when they could not be computed). */
  public record Measure(long newDocs, double oovShare, double newLogPerplexity,
      double modelLogPerplexity) {}

  /** The papers of the run's doc_features that the model run did not analyse. */
  public static Dataset<Row> newDocFeatures(Dataset<Row> docFeatures, String runId,
      String modelRunId) {
    Dataset<Row> model = docFeatures.where(col("run_id").equalTo(modelRunId)).select("paper_id");
    return docFeatures.where(col("run_id").equalTo(runId))
        .join(model, new String[] {"paper_id"}, "left_anti");
  }

  /** Share of the tokens (terms, repeats kept) that are not in the vocabulary. */
  public static double oovShare(Dataset<Row> docFeatures) {
    Row r = docFeatures.agg(
        sum(size(col("terms"))).as("tokens"),
        sum(aggregate(col("term_counts"), lit(0.0), (acc, x) -> acc.plus(x))).as("known"))
        .first();
    if (r.isNullAt(0) || r.getLong(0) == 0) {
      return 0;
    }
    double known = r.isNullAt(1) ? 0 : r.getDouble(1);
    return Math.max(0, 1 - known / r.getLong(0));
  }

  /** Measures the new papers of a pinned run against the model of modelRunId. */
  public static Measure measure(Warehouse w, String runId, String modelRunId,
      double modelLogPerplexity) {
    Dataset<Row> fresh = newDocFeatures(w.read(Tables.DOC_FEATURES), runId, modelRunId)
        .cache();
    try {
      long n = fresh.count();
      if (n == 0) {
        return new Measure(0, 0, Double.NaN, modelLogPerplexity);
      }
      double oov = oovShare(fresh);
      double perplexity = Double.NaN;
      String lda = w.modelDir(modelRunId) + "/lda";
      if (w.storage().isDirectory(lda)) {
        LocalLDAModel model = LocalLDAModel.load(lda);
        perplexity = papertrends.topics.Perplexity.logPerplexity(model,
            vectors(fresh, model.vocabSize()));
      }
      return new Measure(n, oov, perplexity, modelLogPerplexity);
    } finally {
      fresh.unpersist();
    }
  }

  /** doc_features rows as a features vector column (sparse counts over the vocabulary). */
  static Dataset<Row> vectors(Dataset<Row> docFeatures, int vocabSize) {
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType());
    Dataset<Row> idx = docFeatures.select(col("term_indices"), col("term_counts"))
        .where(size(col("term_indices")).gt(0));
    return idx.sparkSession().createDataFrame(idx.javaRDD().map(r -> {
      List<Integer> i = r.getList(0);
      List<Double> v = r.getList(1);
      int[] ii = new int[i.size()];
      double[] vv = new double[v.size()];
      for (int k = 0; k < ii.length; k++) {
        ii[k] = i.get(k);
        vv[k] = v.get(k);
      }
      return RowFactory.create(Vectors.sparse(vocabSize, ii, vv));
    }), schema);
  }
}
