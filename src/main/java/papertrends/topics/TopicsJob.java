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
import papertrends.util.Progress;
import papertrends.util.Steps;

/**
 * The topics stage: fits MLlib LDA on the run's doc_features (k fixed or chosen by NPMI
 * coherence and held-out perplexity), labels the topics, carries stable topic ids from the
 * previous run given, and writes topics, topic_terms, doc_topics and doc_topic_weights;
 * {@link #score} scores papers with a saved run's models instead (pinned mode). It knows
 * nothing of model_runs: runs/ passes the previous run in and records the result.
 */
public final class TopicsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TopicsJob.class);
  public static final String STAGE = "topics";
  /** The run-keyed tables a fit writes. */
  public static final List<String> TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.DOC_TOPIC_WEIGHTS);
  /** The run-keyed tables pinned scoring writes (the features' tables too). */
  public static final List<String> SCORE_TABLES = java.util.stream.Stream.concat(
      TABLES.stream(), FeaturesJob.TABLES.stream()).toList();

  /**
   * Counts and quality of a topics run, seconds per step, and the folder of the models it used
   * (its own, or the pinned run's).
   */
  public record Result(int k, long docs, int vocabSize, double meanNpmi, double logPerplexity,
      double diversity, double medianTopTermDocFreq, double fitSeconds,
      Map<String, Double> timings, String modelPath) {
    Result with(Map<String, Double> stepTimes, String path) {
      return new Result(k, docs, vocabSize, meanNpmi, logPerplexity, diversity,
          medianTopTermDocFreq, fitSeconds, new LinkedHashMap<>(stepTimes), path);
    }

    public String counts() {
      return String.format(Locale.ROOT, "k=%d, %d docs, %d terms, mean NPMI %.3f, diversity"
          + " %.2f, median doc freq of top terms %.0f, log-perplexity %.3f", k, docs, vocabSize,
          meanNpmi, diversity, medianTopTermDocFreq, logPerplexity);
    }
  }

  private final SparkSession spark;
  private final TopicSettings ts;
  private final Warehouse warehouse;
  private final String runId;
  private final Settings settings;

  public TopicsJob(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.ts = settings.topics();
    this.warehouse = new Warehouse(spark, settings);
    this.runId = runId;
  }

  /**
   * Fits the topic model on the run's doc_features and writes the topic tables; stable topic
   * ids are matched to previousRunId's topics (null: fresh ids).
   */
  public Result run(String previousRunId) {
    return run(() -> previousRunId, null);
  }

  /**
   * As {@link #run(String)}, on the run's doc_features and vocabulary kept in memory by the
   * features stage of this driver (null, or another run's: read from the tables). The previous
   * run's id is asked for once the model is fitted, right before the tables are written (a
   * chained driver records the stage's begin meanwhile, and a failure there stops the stage
   * before it writes).
   */
  public Result run(java.util.function.Supplier<String> previousRunId, FeaturesJob.Kept kept) {
    Progress progress = Progress.start(STAGE);
    Map<String, Double> t = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Dataset<Row> docFeatures;
    String[] vocab;
    long[] docFreq;
    boolean fromKept = kept != null && kept.runId().equals(runId);
    if (fromKept) {
      docFeatures = kept.docFeatures();
      vocab = kept.vocab();
      docFreq = kept.docFreq();
    } else {
      describe("topics: read doc_features");
      docFeatures = warehouse.read(Tables.DOC_FEATURES).where(col("run_id").equalTo(runId));
      List<Row> vocabRows = warehouse.read(Tables.VOCABULARY)
          .where(col("run_id").equalTo(runId))
          .orderBy("term_index").select("term", "doc_freq").collectAsList();
      if (vocabRows.isEmpty()) {
        throw new IllegalStateException("run " + runId + " has no vocabulary: run features"
            + " first");
      }
      vocab = vocabRows.stream().map(r -> r.getString(0)).toArray(String[]::new);
      docFreq = vocabRows.stream().mapToLong(r -> r.getLong(1)).toArray();
    }
    describe("topics: LDA input");
    boolean laidOut = fromKept && kept.partitions() == partitions();
    // kept rows in as many partitions as the fit's are laid out by paper already (features
    // partitioned the papers so): no second shuffle, the same rows in the same order
    Dataset<Row> lda = Topics.ldaInput(docFeatures, vocab.length);
    Dataset<Row> input = (laidOut ? lda : Features.partitionedByPaper(lda, partitions()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> cooc = docFeatures.select("term_indices").persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long docs = input.count();
      ensureCheckpointDir();
      int k;
      double[][] warm = null;
      if (ts.k() != null) {
        k = ts.k();
      } else {
        KSelection.Candidate chosen = KSelection.chooseK(spark, ts, input, cooc);
        k = chosen.k();
        // the candidate fitted on 90 % of the papers is where the final fit starts (online)
        warm = "online".equals(ts.optimizer()) ? OnlineFit.lambdaOf(chosen.model()) : null;
        Steps.step(t, t0, "choose_k_s");
      }
      long tf = System.nanoTime();
      LocalLDAModel model = LdaFitter.fitBest(spark, ts, k, input, docs, warm, cooc, "fit");
      double fitSeconds = (System.nanoTime() - tf) / 1e9;
      t.put("fit_s", fitSeconds);
      int[][] top = KSelection.topIndices(model, ts.termsPerTopic());
      describe("topics: NPMI");
      double[] npmi = Coherence.npmi(cooc, top);
      describe("topics: log-perplexity");
      double logPerplexity = Perplexity.logPerplexity(model,
          Topics.perplexitySample(input, docs, ts));
      Steps.step(t, t0, "evaluate_s");
      // before anything is written (the model too): a chained driver may still be recording
      // the stage's begin, and a failure there stops the stage here
      String previous = previousRunId.get();
      // the model is saved beside the four tables' writes
      Runnable save = () -> {
        describe("topics: save model");
        try {
          model.write().overwrite().save(warehouse.modelDir(runId) + "/lda");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      Result written = new TopicTables(spark, ts, warehouse, runId).write(model, input, top,
          npmi, vocab, docFreq, docs, logPerplexity, fitSeconds, previous, save);
      Steps.step(t, t0, "write_s");
      Result r = written.with(t, warehouse.modelDir(runId));
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
  public Result score(String modelRunId, double modelMeanNpmi, Dataset<Row> papers) {
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
      double logPerplexity = Perplexity.logPerplexity(model,
          Topics.perplexitySample(input, docs, ts));
      Result r = new Result(model.getK(), docs, vocabSize, modelMeanNpmi, logPerplexity, 0, 0,
          0, Map.of("score_s", lap(t0)), warehouse.modelDir(modelRunId));
      progress.finish(String.format(Locale.ROOT, "k=%d, %d docs scored with the model of run"
          + " %s, log-perplexity %.3f", r.k(), docs, modelRunId, logPerplexity));
      return r;
    } finally {
      input.unpersist();
    }
  }

  /**
   * The warehouse's checkpoints folder when the session has no checkpoint directory (Spark's
   * spark.checkpoint.dir wins): EM needs one, and on a cluster the online fit's passes cut their
   * lineage with reliable checkpoints there (localCheckpoint's blocks die with their executor,
   * and the topics stage with them); a local[N] session gets none, so its fit keeps
   * localCheckpoint and writes nothing (unless spark.checkpoint.dir or an EM fit set one).
   */
  private void ensureCheckpointDir() {
    boolean needed = "em".equals(ts.optimizer()) || !spark.sparkContext().isLocal();
    if (needed && spark.sparkContext().getCheckpointDir().isEmpty()) {
      spark.sparkContext().setCheckpointDir(warehouse.checkpointsDir());
    }
  }

  private int partitions() {
    return ts.fitPartitions();
  }

  private void describe(String what) {
    spark.sparkContext().setJobDescription(what);
  }

  private static double lap(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
