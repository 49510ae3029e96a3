package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.config.TopicSettings;
import papertrends.features.Features;
import papertrends.features.FeaturesJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunRegistry;
import papertrends.runs.Timings;
import papertrends.util.Progress;

/**
 * The topics stage: fits MLlib LDA on the run's doc_features (k fixed or chosen by NPMI
 * coherence and held-out perplexity), labels the topics, carries stable topic ids from the
 * previous succeeded run, and writes topics, topic_terms, doc_topics and doc_topic_weights;
 * {@link #score} scores papers with a saved run's models instead (pinned mode).
 */
public final class TopicsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsJob.class);
  public static final String STAGE = "topics";

  /** Counts and quality of a topics run. */
  public record Result(int k, long docs, int vocabSize, double meanNpmi, double logPerplexity,
      double diversity, double medianTopTermDocFreq, double fitSeconds) {
    public String counts() {
      return String.format(Locale.ROOT, "k=%d, %d docs, %d terms, mean NPMI %.3f, diversity"
          + " %.2f, median doc freq of top terms %.0f, log-perplexity %.3f", k, docs, vocabSize,
          meanNpmi, diversity, medianTopTermDocFreq, logPerplexity);
    }
  }

  private final SparkSession spark;
  private final TopicSettings ts;
  private final Warehouse warehouse;
  private final RunRegistry runs;
  private final String runId;
  private final Settings settings;

  public TopicsJob(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.ts = settings.topics();
    this.warehouse = new Warehouse(spark, settings);
    this.runs = new RunRegistry(warehouse);
    this.runId = runId;
  }

  /** Fits the topic model on the run's doc_features and writes the topic tables. */
  public Result run() {
    Progress progress = Progress.start(STAGE);
    Map<String, Double> t = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Dataset<Row> docFeatures = warehouse.read(Tables.DOC_FEATURES)
        .where(col("run_id").equalTo(runId));
    List<Row> vocabRows = warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId))
        .orderBy("term_index").select("term", "doc_freq").collectAsList();
    if (vocabRows.isEmpty()) {
      throw new IllegalStateException("run " + runId + " has no vocabulary: run features first");
    }
    String[] vocab = vocabRows.stream().map(r -> r.getString(0)).toArray(String[]::new);
    long[] docFreq = vocabRows.stream().mapToLong(r -> r.getLong(1)).toArray();
    Dataset<Row> input = Features.partitionedByPaper(Topics.ldaInput(docFeatures, vocab.length),
        partitions()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cooc = docFeatures.select("term_indices").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long docs = input.count();
      ensureCheckpointDir();
      int k;
      if (ts.k() != null) {
        k = ts.k();
      } else {
        k = KSelection.chooseK(spark, ts, input, cooc);
        Timings.step(t, t0, "choose_k_s");
      }
      long tf = System.nanoTime();
      LocalLDAModel model = LdaFitter.fit(spark, ts, k, input, docs, "fit");
      double fitSeconds = (System.nanoTime() - tf) / 1e9;
      t.put("fit_s", fitSeconds);
      int[][] top = KSelection.topIndices(model, ts.termsPerTopic());
      double[] npmi = Coherence.npmi(cooc, top);
      double logPerplexity = model.logPerplexity(Topics.perplexitySample(input, docs, ts));
      Timings.step(t, t0, "evaluate_s");
      try {
        model.write().overwrite().save(warehouse.modelDir(runId) + "/lda");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Result r = new TopicTables(spark, ts, warehouse, runId).write(model, input, top, npmi,
          vocab, docFreq, docs, logPerplexity, fitSeconds);
      Timings.step(t, t0, "write_s");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("k", k);
      fields.put("optimizer", ts.optimizer());
      fields.put("seed", ts.seed());
      fields.put("docs", docs);
      fields.put("vocab_size", vocab.length);
      fields.put("log_perplexity", logPerplexity);
      fields.put("mean_npmi", r.meanNpmi());
      fields.put("model_path", warehouse.modelDir(runId));
      Timings.record(runs, runId, STAGE, t, fields);
      LOG.info("topics run {}: {}", runId, r.counts());
      progress.finish(r.counts());
      return r;
    } finally {
      input.unpersist();
      cooc.unpersist();
    }
  }

  /**
   * Pinned scoring: scores the papers with run modelRunId's saved features and LDA model (no
   * refit) and writes this run's doc_features, doc_keywords, vocabulary, doc_topic_weights and
   * doc_topics; the model run's topics and topic_terms are copied under this run (sizes
   * recomputed on the scored papers) so latest views stay complete.
   */
  public Result score(String modelRunId, Dataset<Row> papers) {
    Row modelRun = runs.get(modelRunId).orElseThrow(() ->
        new IllegalArgumentException("no model run " + modelRunId + " in model_runs"));
    new FeaturesJob(spark, settings, runId).score(modelRunId, papers);
    Progress progress = Progress.start(STAGE);
    long t0 = System.nanoTime();
    LocalLDAModel model = LocalLDAModel.load(
        warehouse.modelDir(modelRunId) + "/lda");
    int vocabSize = model.vocabSize();
    Dataset<Row> input = Features.partitionedByPaper(Topics.ldaInput(
            warehouse.read(Tables.DOC_FEATURES).where(col("run_id").equalTo(runId)), vocabSize),
        partitions()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long docs = input.count();
      spark.sparkContext().setJobDescription("topics: score with the model of " + modelRunId);
      Dataset<Row> weights = Topics.docTopicWeights(model.transform(input))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> prevTopics = warehouse.read(Tables.TOPICS)
          .where(col("run_id").equalTo(modelRunId));
      Map<Integer, Integer> stable = new HashMap<>();
      for (Row r : prevTopics.select("topic_id", "stable_topic_id").collectAsList()) {
        stable.put(r.getInt(0), r.getInt(1));
      }
      Dataset<Row> sizes = Topics.topicSizes(weights);
      warehouse.replaceRun(Tables.TOPICS, runId, prevTopics.drop("prevalence", "doc_count")
          .join(sizes, "topic_id").withColumn("run_id", lit(runId))
          .withColumn("is_new", lit(false)));
      warehouse.replaceRun(Tables.TOPIC_TERMS, runId, warehouse.read(Tables.TOPIC_TERMS)
          .where(col("run_id").equalTo(modelRunId)).withColumn("run_id", lit(runId)));
      new TopicTables(spark, ts, warehouse, runId).writeDocTopics(weights, stable);
      weights.unpersist();
      double logPerplexity = model.logPerplexity(Topics.perplexitySample(input, docs, ts));
      Double meanNpmi = modelRun.isNullAt(modelRun.fieldIndex("mean_npmi")) ? null
          : modelRun.<Double>getAs("mean_npmi");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("k", model.getK());
      fields.put("optimizer", modelRun.<String>getAs("optimizer"));
      fields.put("seed", modelRun.<Long>getAs("seed"));
      fields.put("docs", docs);
      fields.put("vocab_size", vocabSize);
      fields.put("log_perplexity", logPerplexity);
      if (meanNpmi != null) {
        fields.put("mean_npmi", meanNpmi);
      }
      fields.put("model_run_id", modelRunId);
      fields.put("model_path", warehouse.modelDir(modelRunId));
      Timings.record(runs, runId, STAGE, Map.of("score_s", lap(t0)), fields);
      Result r = new Result(model.getK(), docs, vocabSize, meanNpmi == null ? 0 : meanNpmi,
          logPerplexity, 0, 0, 0);
      progress.finish(String.format(Locale.ROOT, "k=%d, %d docs scored with the model of run"
          + " %s, log-perplexity %.3f", r.k(), docs, modelRunId, logPerplexity));
      return r;
    } finally {
      input.unpersist();
    }
  }

  private void ensureCheckpointDir() {
    if ("em".equals(ts.optimizer()) && spark.sparkContext().getCheckpointDir().isEmpty()) {
      spark.sparkContext().setCheckpointDir(warehouse.checkpointsDir());
    }
  }

  private int partitions() {
    return ts.fitPartitions();
  }

  private static double lap(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
