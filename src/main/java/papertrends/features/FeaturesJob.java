package papertrends.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.FeatureSettings;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Parallel;
import papertrends.util.Progress;
import papertrends.util.Steps;

/**
 * The features stage: fits the text model (stopwords, readable plural folding, corpus phrases)
 * and the CountVectorizer + IDF pipeline on the given papers, saves both under
 * models/RUN_ID, and writes doc_features, vocabulary and doc_keywords for the run.
 */
public final class FeaturesJob {
  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);
  public static final String STAGE = "features";
  /** The run-keyed tables the stage writes. */
  public static final java.util.List<String> TABLES = java.util.List.of(Tables.DOC_FEATURES,
      Tables.VOCABULARY, Tables.DOC_KEYWORDS);

  /**
   * What a features run wrote: counts, seconds per step, and the folder of the saved models
   * (null when it scored with another run's).
   */
  /**
   * What the stage made. kept: see {@link #keepingFeatures}; written: null when the tables are
   * written, else their writes in flight ({@link #writingBehind}), which complete with their
   * seconds.
   */
  public record Result(long docs, int vocabSize, int phrases, long keywords,
      Map<String, Double> timings, String modelPath, Kept kept,
      CompletableFuture<Double> written) {
    public String counts() {
      return docs + " docs, " + vocabSize + " terms in vocabulary, " + phrases + " phrases, "
          + keywords + " keywords";
    }
  }

  /**
   * The run's doc_features rows (cached) and vocabulary as written, kept in memory for the
   * topics stage that follows in the same driver, so that it does not read back the tables
   * just written; the same rows, so the same fit. The rows are already as
   * {@link Features#partitionedByPaper} lays them out in that many partitions (the papers
   * were, and every step since maps row by row). Whoever asked for it releases it.
   */
  public record Kept(String runId, Dataset<Row> docFeatures, String[] vocab, long[] docFreq,
      int partitions) implements AutoCloseable {
    @Override
    public void close() {
      docFeatures.unpersist();
    }
  }

  private final SparkSession spark;
  private final Settings settings;
  private final FeatureSettings fs;
  private final Warehouse warehouse;
  private final String runId;
  private boolean keep;
  private boolean behind;

  public FeaturesJob(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.fs = settings.features();
    this.warehouse = new Warehouse(spark, settings);
    this.runId = runId;
  }

  /** The result of {@link #run} keeps the run's doc_features in memory ({@link Kept}). */
  public FeaturesJob keepingFeatures() {
    this.keep = true;
    return this;
  }

  /**
   * {@link #run} returns once the features are computed, with the three tables still being
   * written on a thread of their own ({@link Result#written}), so that a driver running the
   * topics fit next (on the kept rows) overlaps the two. The caller waits for them before it
   * records the stage done.
   */
  public FeaturesJob writingBehind() {
    this.behind = true;
    return this;
  }

  /** Fits the features on the papers and writes the run's feature tables. */
  public Result run(Dataset<Row> papers) {
    Progress progress = Progress.start(STAGE);
    Map<String, Double> t = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    Stopwords sw = Stopwords.load(fs.stopwordsFile());
    TextModel base = new TextModel(fs.minTokenLength(), sw.words(), sw.phrases(), Map.of(),
        Set.of());
    describe("features: clean and tokenize");
    Dataset<Row> docs = Features.partitionedByPaper(Features.withText(papers), partitions());
    Dataset<Row> tokens = Features.withTokens(docs, base)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> display = null;
    Dataset<Row> terms = null;
    try {
      long n = tokens.count();
      if (n == 0) {
        throw new IllegalStateException("no papers to analyse (the papers table is empty)");
      }
      Steps.step(t, t0, "tokenize_s");
      describe("features: surface forms");
      Map<String, String> surface = Features.surfaceForms(tokens);
      TextModel folded = base.with(surface, Set.of());
      display = Features.withDisplayTokens(tokens, folded)
          .persist(StorageLevel.MEMORY_AND_DISK());
      describe("features: phrases");
      Set<String> phrases = fs.phraseMaxWords() < 2 ? Set.of()
          : Phrases.fit(display, folded, n, phraseRule(fs));
      TextModel text = folded.with(surface, phrases);
      terms = Features.withTerms(display, text).persist(StorageLevel.MEMORY_AND_DISK());
      Progress.info(STAGE, n + " docs, " + surface.size() + " distinct words, "
          + phrases.size() + " phrases (" + phrases.stream().filter(x -> x.split(" ").length == 3)
          .count() + " of three words)");
      Steps.step(t, t0, "text_model_s");
      describe("features: vocabulary");
      Dataset<Row> vocabRows = Features.vocabulary(terms, n, fs.minDocFreq(),
          fs.maxDocFreqShare(), fs.vocabSize());
      List<Row> vocabList = vocabRows.collectAsList();
      if (vocabList.isEmpty()) {
        throw new IllegalStateException("empty vocabulary: no term is in at least "
            + fs.minDocFreq() + " of the " + n + " documents (papertrends.features.min-doc-freq)");
      }
      String[] vocab = vocabList.stream().map(r -> r.getString(0)).toArray(String[]::new);
      long[] docFreq = vocabList.stream().mapToLong(r -> r.getLong(1)).toArray();
      // no Estimator in the pipeline, so fit() makes no pass over the papers: the IDF is MLlib's
      // formula on the vocabulary's document frequencies, which it would count again
      PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {
          new CountVectorizerModel(vocab).setInputCol(Features.TERMS).setOutputCol(Features.TF),
          idfModel(docFreq, n).setInputCol(Features.TF).setOutputCol(Features.TFIDF)})
          .fit(terms);
      FeatureModel model = new FeatureModel(text, pipeline);
      Steps.step(t, t0, "vocabulary_s");
      double[] idf = ((IDFModel) pipeline.stages()[1]).idf().toArray();
      List<Row> vocabOut = new ArrayList<>();
      for (int i = 0; i < vocab.length; i++) {
        vocabOut.add(RowFactory.create(runId, i, vocab[i], vocabList.get(i).getLong(1), idf[i]));
      }
      Result written = write(model, true, terms, spark.createDataFrame(vocabOut,
          Tables.VOCABULARY_SCHEMA), n, phrases.size(), docFreq);
      // writing behind: the writes' own seconds are recorded once they land (write_s)
      Steps.step(t, t0, written.written() == null ? "write_s" : "vectors_s");
      Result r = new Result(written.docs(), written.vocabSize(), written.phrases(),
          written.keywords(), new LinkedHashMap<>(t), warehouse.modelDir(runId),
          written.kept(), written.written());
      LOG.info("features run {}: {}", runId, r.counts());
      progress.finish(r.counts());
      return r;
    } finally {
      tokens.unpersist();
      if (display != null) {
        display.unpersist();
      }
      if (terms != null) {
        terms.unpersist();
      }
    }
  }

  /**
   * Scores papers with a saved run's features (no refit): writes doc_features and
   * doc_keywords of this run on the saved vocabulary, and a copy of that run's vocabulary.
   */
  public Result score(String modelRunId, Dataset<Row> papers) {
    Progress progress = Progress.start(STAGE);
    FeatureModel model = FeatureModel.load(spark, warehouse.modelDir(modelRunId));
    TextModel text = model.text();
    describe("features: score with the features of run " + modelRunId);
    Dataset<Row> docs = Features.partitionedByPaper(Features.withText(papers), partitions());
    Dataset<Row> terms = Features.withTerms(Features.withDisplayTokens(
        Features.withTokens(docs, text), text), text).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = terms.count();
      Dataset<Row> vocab = warehouse.read(Tables.VOCABULARY)
          .where(col("run_id").equalTo(modelRunId)).withColumn("run_id", lit(runId));
      Result r = write(model, false, terms, vocab, n, text.phrases().size(), null);
      progress.finish(r.counts() + "; pinned to run " + modelRunId);
      return r;
    } finally {
      terms.unpersist();
    }
  }

  /**
   * Writes the run's three tables and, with save, its model (models/RUN_ID) beside them. docFreq:
   * the vocabulary's document frequencies when the run's features are kept.
   */
  private Result write(FeatureModel model, boolean save, Dataset<Row> terms,
      Dataset<Row> vocabulary, long docs, int phrases, long[] docFreq) {
    Dataset<Row> vectors = model.pipeline().transform(terms)
        .persist(StorageLevel.MEMORY_AND_DISK());
    boolean keeping = keep && docFreq != null;
    Dataset<Row> docFeatures = Features.docFeatureRows(vectors).withColumn("run_id", lit(runId));
    if (keeping) {
      docFeatures = docFeatures.persist(StorageLevel.MEMORY_AND_DISK());
    }
    Dataset<Row> rows = docFeatures;
    boolean kept = false;
    boolean handedOver = false;
    try {
      describe("features: count vectors");
      // the one pass that also fills the cache of vectors (every column, as the writes need)
      long kw = Features.keywordCount(vectors, fs.keywordsPerDoc());
      // three tables and the model at once (vectors is cached): Delta's fixed work per write
      // overlaps
      List<Runnable> writes = new ArrayList<>(List.<Runnable>of(() -> {
        describe("features: write doc_features");
        warehouse.replaceRun(Tables.DOC_FEATURES, runId, rows);
      }, () -> {
        describe("features: write vocabulary");
        warehouse.replaceRun(Tables.VOCABULARY, runId, vocabulary);
      }, () -> {
        describe("features: write doc_keywords");
        warehouse.replaceRun(Tables.DOC_KEYWORDS, runId, Features.docKeywords(vectors,
            model.vocabulary(), fs.keywordsPerDoc()).withColumn("run_id", lit(runId)));
      }));
      if (save) {
        writes.add(() -> {
          describe("features: save model");
          model.save(spark, warehouse.modelDir(runId));
        });
      }
      CompletableFuture<Double> written = null;
      if (behind && keeping) {
        // the kept rows cached now, while their parents still are (run() releases those when
        // this returns), so the writes behind and the fit read one copy
        rows.count();
        long w0 = System.nanoTime();
        written = Parallel.start("features-write", () -> {
          try {
            Parallel.runAll(writes, "features-write");
            double secs = (System.nanoTime() - w0) / 1e9;
            Progress.info(STAGE, String.format(java.util.Locale.ROOT,
                "doc_features, vocabulary and doc_keywords written (%.1f s)", secs));
            return secs;
          } finally {
            vectors.unpersist();
          }
        });
        handedOver = true;
      } else {
        Parallel.runAll(writes, "features-write");
      }
      Kept k = keeping ? new Kept(runId, rows, model.vocabulary(), docFreq.clone(),
          partitions()) : null;
      kept = k != null;
      return new Result(docs, model.vocabulary().length, phrases, kw, Map.of(), null, k,
          written);
    } finally {
      if (!handedOver) {
        vectors.unpersist();
      }
      if (keeping && !kept) {
        rows.unpersist();
      }
    }
  }

  /**
   * MLlib's IDF model for these document frequencies among docs papers: ln((docs + 1) /
   * (df + 1)), what {@code IDF.fit} computes from the count vectors (minDocFreq 0).
   */
  static IDFModel idfModel(long[] docFreq, long docs) {
    double[] idf = new double[docFreq.length];
    for (int i = 0; i < idf.length; i++) {
      idf[i] = Math.log((docs + 1.0) / (docFreq[i] + 1.0));
    }
    return new IDFModel(org.apache.spark.ml.util.Identifiable.randomUID("idf"),
        new org.apache.spark.mllib.feature.IDFModel(
            org.apache.spark.mllib.linalg.Vectors.dense(idf), docFreq.clone(), docs));
  }

  /** The phrase rule of the features settings. */
  public static Phrases.Rule phraseRule(FeatureSettings fs) {
    return new Phrases.Rule(fs.phraseMinCount(), fs.phraseMinNpmi(), fs.phraseKeepDocShare(),
        fs.phraseKeepMinNpmi(), fs.maxPhrases(), fs.phraseMaxWords());
  }

  private int partitions() {
    return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
  }

  private void describe(String what) {
    spark.sparkContext().setJobDescription(what);
  }
}
