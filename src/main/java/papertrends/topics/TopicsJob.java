package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** One fitted candidate with its quality. */
  record Candidate(int k, LocalLDAModel model, int[][] top, double[] npmi, double heldout) {
    double meanNpmi() {
      return java.util.Arrays.stream(npmi).average().orElse(0);
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
        k = chooseK(input, cooc, docs, vocab);
        Timings.step(t, t0, "choose_k_s");
      }
      long tf = System.nanoTime();
      LocalLDAModel model = LdaFitter.fit(spark, ts, k, input, docs, "fit");
      double fitSeconds = (System.nanoTime() - tf) / 1e9;
      t.put("fit_s", fitSeconds);
      int[][] top = topIndices(model, ts.termsPerTopic());
      double[] npmi = Coherence.npmi(cooc, top);
      double logPerplexity = model.logPerplexity(sample(input, docs));
      Timings.step(t, t0, "evaluate_s");
      try {
        model.write().overwrite().save(warehouse.modelDir(runId).resolve("lda").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Result r = writeTables(model, input, top, npmi, vocab, docFreq, docs, logPerplexity,
          fitSeconds);
      Timings.step(t, t0, "write_s");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("k", k);
      fields.put("optimizer", ts.optimizer());
      fields.put("seed", ts.seed());
      fields.put("docs", docs);
      fields.put("vocab_size", vocab.length);
      fields.put("log_perplexity", logPerplexity);
      fields.put("mean_npmi", r.meanNpmi());
      fields.put("model_path", warehouse.modelDir(runId).toString());
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
        warehouse.modelDir(modelRunId).resolve("lda").toString());
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
      writeDocTopics(weights, stable);
      weights.unpersist();
      double logPerplexity = model.logPerplexity(sample(input, docs));
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
      fields.put("model_path", warehouse.modelDir(modelRunId).toString());
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

  /** Fits each candidate on the training split; picks k by NPMI among perplexity-fit ones. */
  private int chooseK(Dataset<Row> input, Dataset<Row> cooc, long docs, String[] vocab) {
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
      Dataset<Row> test = sample(heldout, heldoutDocs);
      List<Candidate> cands = new ArrayList<>();
      for (int k : ts.kCandidates()) {
        LocalLDAModel m = LdaFitter.fit(spark, ts, k, train, trainDocs, "candidate");
        int[][] top = topIndices(m, Coherence.TOP_N);
        double[] npmi = Coherence.npmi(cooc, top);
        double hp = heldoutDocs == 0 ? Double.NaN : m.logPerplexity(test);
        Candidate c = new Candidate(k, m, top, npmi, hp);
        cands.add(c);
        Progress.info(STAGE, String.format(Locale.ROOT, "candidate k=%d: mean NPMI %.3f,"
            + " held-out log-perplexity %.3f", k, c.meanNpmi(), hp));
      }
      int k = pick(cands, ts.perplexityTolerance());
      Progress.info(STAGE, "chose k=" + k + " from " + ts.kCandidates());
      return k;
    } finally {
      train.unpersist();
    }
  }

  /**
   * The candidate with the best mean NPMI among those whose held-out log-perplexity is within
   * tolerance of the best (lowest) one; ties go to the smaller k.
   */
  static int pick(List<Candidate> cands, double tolerance) {
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
    return best == null ? cands.get(0).k() : best.k();
  }

  private Result writeTables(LocalLDAModel model, Dataset<Row> input, int[][] top,
      double[] npmi, String[] vocab, long[] docFreq, long docs, double logPerplexity,
      double fitSeconds) {
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
    StableIds.Assignment ids = stableIds(vectors);
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
      List<Row> topicRows = new ArrayList<>();
      List<Row> termRows = new ArrayList<>();
      List<Double> topDf = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        List<String> t10 = topTerms.get(i).subList(0, Math.min(Coherence.TOP_N,
            topTerms.get(i).size()));
        double[] sz = sizes.getOrDefault(i, new double[] {0, 0});
        topicRows.add(RowFactory.create(runId, i, ids.stableIds()[i], Topics.label(t10),
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
      warehouse.replaceRun(Tables.TOPICS, runId,
          spark.createDataFrame(topicRows, Tables.TOPICS_SCHEMA));
      warehouse.replaceRun(Tables.TOPIC_TERMS, runId,
          spark.createDataFrame(termRows, Tables.TOPIC_TERMS_SCHEMA));
      writeDocTopics(weights, stable);
      double meanNpmi = java.util.Arrays.stream(npmi).average().orElse(0);
      topDf.sort(Double::compare);
      double median = topDf.isEmpty() ? 0 : topDf.size() % 2 == 1
          ? topDf.get(topDf.size() / 2)
          : (topDf.get(topDf.size() / 2 - 1) + topDf.get(topDf.size() / 2)) / 2;
      for (int i = 0; i < k; i++) {
        Progress.info(STAGE, String.format(Locale.ROOT, "topic %d (stable %d%s, NPMI %.3f): %s",
            i, ids.stableIds()[i], ids.isNew()[i] ? ", new" : "", npmi[i],
            String.join(", ", topTerms.get(i).subList(0, Math.min(10, topTerms.get(i).size())))));
      }
      return new Result(k, docs, vocab.length, meanNpmi, logPerplexity,
          Coherence.diversity(topTerms), median, fitSeconds);
    } finally {
      weights.unpersist();
    }
  }

  private void writeDocTopics(Dataset<Row> weights, Map<Integer, Integer> stable) {
    List<Row> map = new ArrayList<>();
    stable.forEach((topic, sid) -> map.add(RowFactory.create(topic, sid)));
    Dataset<Row> ids = spark.createDataFrame(map,
        org.apache.spark.sql.types.StructType.fromDDL("topic_id INT, stable_topic_id INT"));
    spark.sparkContext().setJobDescription("topics: write doc_topic_weights");
    warehouse.replaceRun(Tables.DOC_TOPIC_WEIGHTS, runId, weights.withColumn("run_id",
        lit(runId)));
    spark.sparkContext().setJobDescription("topics: write doc_topics");
    warehouse.replaceRun(Tables.DOC_TOPICS, runId, Topics.docTopics(weights,
            ts.docTopicThreshold()).join(org.apache.spark.sql.functions.broadcast(ids),
            "topic_id").withColumn("run_id", lit(runId)));
  }

  /**
   * Stable ids from the previous succeeded run's topic_terms (none: fresh ids from 0): for a
   * run of the current corpus the newest succeeded one of the current corpus, for a history run
   * the newest succeeded one of any kind.
   */
  private StableIds.Assignment stableIds(List<Map<String, Double>> vectors) {
    List<StableIds.TopicVector> previous = new ArrayList<>();
    int nextId = 0;
    if (warehouse.exists(Tables.TOPICS)) {
      Row m = warehouse.read(Tables.TOPICS).agg(max("stable_topic_id")).first();
      nextId = m.isNullAt(0) ? 0 : m.getInt(0) + 1;
    }
    // A run of the current corpus matches the newest succeeded run of the current corpus (a
    // backfill or as-of run in between does not shift the daily ids); a history run matches
    // the newest succeeded run of any kind (a backfill's previous step).
    boolean history = runs.get(runId).map(r -> !r.isNullAt(r.fieldIndex("as_of")))
        .orElse(false);
    Row prev = (history ? runs.latestSucceeded()
        : new papertrends.runs.RunHistory(warehouse).lastSucceededRegular()).orElse(null);
    if (prev != null && !runId.equals(prev.getString(prev.fieldIndex("run_id")))) {
      String prevId = prev.getString(prev.fieldIndex("run_id"));
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

  /** Top term indices of each topic, by weight. */
  static int[][] topIndices(LocalLDAModel model, int n) {
    List<Row> rows = model.describeTopics(n).orderBy("topic").collectAsList();
    int[][] out = new int[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = rows.get(i).<Integer>getList(1).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /** A seeded sample of at most perplexity-sample-docs documents. */
  private Dataset<Row> sample(Dataset<Row> docs, long n) {
    if (n <= ts.perplexitySampleDocs()) {
      return docs;
    }
    return docs.sample(false, Math.min(1.0, 1.2 * ts.perplexitySampleDocs() / n), ts.seed())
        .limit(ts.perplexitySampleDocs());
  }

  private void ensureCheckpointDir() {
    if ("em".equals(ts.optimizer()) && spark.sparkContext().getCheckpointDir().isEmpty()) {
      spark.sparkContext().setCheckpointDir(warehouse.root().resolve("checkpoints").toString());
    }
  }

  private int partitions() {
    return ts.fitPartitions();
  }

  private static double lap(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
