package papertrends.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Storage;

/**
 * A run's fitted features: the TextModel (stopwords, surface forms, phrases; saved as a small
 * Parquet file under models/RUN_ID/text) and the MLlib PipelineModel (CountVectorizer + IDF,
 * saved under models/RUN_ID/features).
 */
public record FeatureModel(TextModel text, PipelineModel pipeline) {
  static final StructType TEXT_SCHEMA = StructType.fromDDL(
      "kind STRING, key STRING, value STRING");

  /** The vocabulary of the CountVectorizer stage (index = term_index). */
  public String[] vocabulary() {
    return ((CountVectorizerModel) pipeline.stages()[0]).vocabulary();
  }

  /** Saves both parts under dir (models/RUN_ID), replacing an earlier save of the same run. */
  public void save(SparkSession spark, String dir) {
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("setting", "min-token-length",
        String.valueOf(text.minTokenLength())));
    text.stopKeys().stream().sorted().forEach(w -> rows.add(RowFactory.create("stopword", w,
        null)));
    for (String[] seq : text.stopSequences()) {
      rows.add(RowFactory.create("stop-phrase", String.join(" ", seq), null));
    }
    text.surface().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> rows.add(RowFactory.create("surface", e.getKey(), e.getValue())));
    text.phrases().stream().sorted().forEach(p -> rows.add(RowFactory.create("phrase", p,
        null)));
    spark.createDataFrame(rows, TEXT_SCHEMA).coalesce(1).write().mode("overwrite")
        .parquet(dir + "/text");
    try {
      pipeline.write().overwrite().save(dir + "/features");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a run's saved features; fails with a clear message when the run has none. */
  public static FeatureModel load(SparkSession spark, String dir) {
    if (!new Storage(spark.sparkContext().hadoopConfiguration()).isDirectory(dir + "/features")) {
      throw new IllegalArgumentException("no saved feature model under " + dir);
    }
    int minLen = 2;
    Set<String> stop = new HashSet<>();
    List<String> stopPhrases = new ArrayList<>();
    Map<String, String> surface = new HashMap<>();
    Set<String> phrases = new HashSet<>();
    for (Row r : spark.read().schema(TEXT_SCHEMA).parquet(dir + "/text").collectAsList()) {
      switch (r.getString(0)) {
        case "setting" -> {
          if ("min-token-length".equals(r.getString(1))) {
            minLen = Integer.parseInt(r.getString(2));
          }
        }
        case "stopword" -> stop.add(r.getString(1));
        case "stop-phrase" -> stopPhrases.add(r.getString(1));
        case "surface" -> surface.put(r.getString(1), r.getString(2));
        case "phrase" -> phrases.add(r.getString(1));
        default -> { }
      }
    }
    TextModel text = new TextModel(minLen, stop, stopPhrases, surface, phrases);
    return new FeatureModel(text, PipelineModel.load(dir + "/features"));
  }
}
