package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.TopicSettings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Parallel;
import papertrends.util.Progress;

/**
 * Writes a run's topic tables from a fitted model: topics (labels, stable ids, NPMI, sizes),
 * topic_terms, doc_topic_weights and doc_topics, each replacing the run's earlier rows.
 */
final class TopicTables {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTables.class);

  private final SparkSession spark;
  private final TopicSettings ts;
  private final Warehouse warehouse;
  private final String runId;

  TopicTables(SparkSession spark, TopicSettings ts, Warehouse warehouse, String runId) {
    this.spark = spark;
    this.ts = ts;
    this.warehouse = warehouse;
    this.runId = runId;
  }

  /**
   * Writes the four tables of a refitted model, running save (the model's) beside them, and
   * returns the run's counts and quality.
   */
  TopicsJob.Result write(LocalLDAModel model, Dataset<Row> input, int[][] top, double[] npmi,
      String[] vocab, long[] docFreq, long docs, double logPerplexity, double fitSeconds,
      String previousRunId, Runnable save) {
    int k = model.getK();
    List<Row> describe = model.describeTopics(ts.termsPerTopic()).orderBy("topic")
        .collectAsList();
    List<Map<String, Double>> vectors = new ArrayList<>();
    List<List<String>> topTerms = new ArrayList<>();
    for (Row r : describe) {
      List<Integer> idx = r.getList(1);
      List<Double> w = r.getList(2);
      Map<String, Double> v = new LinkedHashMap<>();
      List<String> terms = new ArrayList<>();
      for (int i = 0; i < idx.size(); i++) {
        v.put(vocab[idx.get(i)], w.get(i));
        terms.add(vocab[idx.get(i)]);
      }
      vectors.add(v);
      topTerms.add(terms);
    }
    StableIds.Assignment ids = stableIds(vectors, previousRunId);
    Map<Integer, Integer> stable = new HashMap<>();
    for (int i = 0; i < k; i++) {
      stable.put(i, ids.stableIds()[i]);
    }
    spark.sparkContext().setJobDescription("topics: doc-topic weights");
    Dataset<Row> weights = Topics.docTopicWeights(model.transform(input))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Integer, double[]> sizes = new HashMap<>();
      for (Row r : Topics.topicSizes(weights).collectAsList()) {
        sizes.put(r.getInt(0), new double[] {r.getDouble(1), r.getLong(2)});
      }
      double[] prevalence = new double[k];
      for (int i = 0; i < k; i++) {
        prevalence[i] = sizes.getOrDefault(i, new double[] {0, 0})[0];
      }
      String[] labels = Labels.labels(Labels.topicTermProbabilities(model.topicsMatrix()),
          prevalence, vocab, ts.labelLambda());
      List<Row> topicRows = new ArrayList<>();
      List<Row> termRows = new ArrayList<>();
      List<Double> topDf = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        List<String> t10 = topTerms.get(i).subList(0, Math.min(Coherence.TOP_N,
            topTerms.get(i).size()));
        double[] sz = sizes.getOrDefault(i, new double[] {0, 0});
        topicRows.add(RowFactory.create(runId, i, ids.stableIds()[i], labels[i],
            t10.toArray(String[]::new), npmi[i], sz[0], (long) sz[1], ids.isNew()[i]));
        int rank = 1;
        for (Map.Entry<String, Double> e : vectors.get(i).entrySet()) {
          termRows.add(RowFactory.create(runId, i, ids.stableIds()[i], e.getKey(), e.getValue(),
              rank++));
        }
        for (int j = 0; j < Math.min(Coherence.TOP_N, top[i].length); j++) {
          topDf.add((double) docFreq[top[i][j]]);
        }
      }
      List<Runnable> writes = new ArrayList<>();
      writes.add(() -> {
        spark.sparkContext().setJobDescription("topics: write topics");
        warehouse.replaceRun(Tables.TOPICS, runId,
            spark.createDataFrame(topicRows, Tables.TOPICS_SCHEMA));
      });
      writes.add(() -> {
        spark.sparkContext().setJobDescription("topics: write topic_terms");
        warehouse.replaceRun(Tables.TOPIC_TERMS, runId,
            spark.createDataFrame(termRows, Tables.TOPIC_TERMS_SCHEMA));
      });
      writes.addAll(docTopicWrites(weights, stable));
      writes.add(save);
      // at once: Delta's fixed work per write overlaps; no two commit to the same table
      Parallel.runAll(writes, "topics-write");
      double meanNpmi = java.util.Arrays.stream(npmi).average().orElse(0);
      topDf.sort(Double::compare);
      double median = topDf.isEmpty() ? 0 : topDf.size() % 2 == 1
          ? topDf.get(topDf.size() / 2)
          : (topDf.get(topDf.size() / 2 - 1) + topDf.get(topDf.size() / 2)) / 2;
      for (int i = 0; i < k; i++) {
        Progress.info(TopicsJob.STAGE, String.format(Locale.ROOT, "topic %d (stable %d%s, NPMI"
            + " %.3f): %s", i, ids.stableIds()[i], ids.isNew()[i] ? ", new" : "", npmi[i],
            String.join(", ", topTerms.get(i).subList(0, Math.min(10, topTerms.get(i).size())))));
      }
      return new TopicsJob.Result(k, docs, vocab.length, meanNpmi, logPerplexity,
          Coherence.diversity(topTerms), median, fitSeconds, Map.of(), null);
    } finally {
      weights.unpersist();
    }
  }

  /** Writes doc_topic_weights and the thresholded doc_topics (with stable ids) of the run. */
  void writeDocTopics(Dataset<Row> weights, Map<Integer, Integer> stable) {
    Parallel.runAll(docTopicWrites(weights, stable), "topics-write");
  }

  /** The writes of doc_topic_weights and doc_topics, to run when weights is materialised. */
  private List<Runnable> docTopicWrites(Dataset<Row> weights, Map<Integer, Integer> stable) {
    List<Row> map = new ArrayList<>();
    stable.forEach((topic, sid) -> map.add(RowFactory.create(topic, sid)));
    Dataset<Row> ids = spark.createDataFrame(map,
        org.apache.spark.sql.types.StructType.fromDDL("topic_id INT, stable_topic_id INT"));
    return List.of(() -> {
      spark.sparkContext().setJobDescription("topics: write doc_topic_weights");
      warehouse.replaceRun(Tables.DOC_TOPIC_WEIGHTS, runId, weights.withColumn("run_id",
          lit(runId)));
    }, () -> {
      spark.sparkContext().setJobDescription("topics: write doc_topics");
      warehouse.replaceRun(Tables.DOC_TOPICS, runId, Topics.docTopics(weights,
              ts.docTopicThreshold()).join(org.apache.spark.sql.functions.broadcast(ids),
              "topic_id").withColumn("run_id", lit(runId)));
    });
  }

  /** Stable ids matched to the previous run's topic_terms (none: fresh ids from 0). */
  private StableIds.Assignment stableIds(List<Map<String, Double>> vectors,
      String prevId) {
    List<StableIds.TopicVector> previous = new ArrayList<>();
    int nextId = 0;
    if (warehouse.exists(Tables.TOPICS)) {
      Row m = warehouse.read(Tables.TOPICS).agg(max("stable_topic_id")).first();
      nextId = m.isNullAt(0) ? 0 : m.getInt(0) + 1;
    }
    if (prevId != null && !runId.equals(prevId)) {
      Map<Integer, StableIds.TopicVector> byTopic = new LinkedHashMap<>();
      for (Row r : warehouse.read(Tables.TOPIC_TERMS).where(col("run_id").equalTo(prevId))
          .orderBy("topic_id", "rank").select("topic_id", "stable_topic_id", "term", "weight")
          .collectAsList()) {
        byTopic.computeIfAbsent(r.getInt(0), x -> new StableIds.TopicVector(x, r.getInt(1),
            new HashMap<>())).weights().put(r.getString(2), r.getDouble(3));
      }
      previous.addAll(byTopic.values());
      LOG.info("matching topics to the {} topics of run {}", previous.size(), prevId);
    }
    return StableIds.assign(vectors, previous, ts.stableIdMinSimilarity(), nextId);
  }
}
