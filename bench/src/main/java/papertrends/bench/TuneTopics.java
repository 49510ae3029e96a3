package papertrends.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import papertrends.config.Settings;
import papertrends.config.TopicSettings;
import papertrends.features.Features;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.spark.Sessions;
import papertrends.topics.Labels;
import papertrends.topics.LdaFitter;
import papertrends.topics.Topics;

/**
 * Tuning aid (never run by run.sh): refits only the LDA of a finished PaperTrendsRun's warehouse
 * with several settings variants in one session and scores each with the bench's
 * {@link Coherence} on that run's tokens.tsv, so topic settings can be compared in seconds.
 * {@code TuneTopics HOME RUN_DIR K "key=v;key=v" ...} (one argument per variant).
 *
 * <p>Besides papertrends keys a variant may hold {@code tune.lda-max-doc-share=X} (stripped
 * before Settings.load): every document's LDA input vector loses the term indices whose document
 * share in the run's doc_features exceeds X (the terms stay in the vocabulary and every other
 * table; only the fit does not see them), and RUN_DIR/tokens-max-doc-share-X.tsv is written: the
 * run's tokens.tsv without those terms, for MalletRun on the same filtered token lists. NPMI is
 * still scored on the unfiltered tokens.tsv, as the bench does.
 * {@code TuneTopics score TOKENS_TSV TOPICS_DIR...} scores finished systems' topics.tsv.
 */
public final class TuneTopics {
  /** Variant key (not a papertrends setting): LDA-input ceiling on a term's document share. */
  static final String MAX_DOC_SHARE = "tune.lda-max-doc-share";

  private TuneTopics() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("score")) {
      // score TOKENS_TSV TOPICS_DIR...: the bench's NPMI of finished systems' topics.tsv
      for (int i = 2; i < args.length; i++) {
        List<List<String>> t = BenchFiles.readTopics(Path.of(args[i]));
        List<String> terms = new ArrayList<>();
        t.forEach(terms::addAll);
        Coherence c = Coherence.of(Path.of(args[1]), terms);
        System.out.printf(Locale.ROOT, "%s: NPMI %.4f, diversity %.2f%n", args[i],
            c.meanNpmi(t), Coherence.diversity(t));
      }
      return;
    }
    Path run = Path.of(args[1]).toAbsolutePath();
    int k = Integer.parseInt(args[2]);
    Settings base = settings(args[0], run, k, "");
    SparkSession spark = Sessions.create("tune", base);
    spark.sparkContext().setLogLevel("WARN");
    Warehouse warehouse = new Warehouse(spark, base);
    String runId = warehouse.read(Tables.VOCABULARY).select("run_id").first().getString(0);
    List<Row> vocabRows = warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId))
        .orderBy("term_index").select("term").collectAsList();
    String[] vocab = vocabRows.stream().map(r -> r.getString(0)).toArray(String[]::new);
    Coherence coherence = Coherence.of(run.resolve(BenchFiles.TOKENS), Arrays.asList(vocab));
    Dataset<Row> features = warehouse.read(Tables.DOC_FEATURES)
        .where(col("run_id").equalTo(runId));
    // restarts score every short start on it: read the table once
    Dataset<Row> cooc = features.select("term_indices").persist(StorageLevel.MEMORY_AND_DISK());
    spark.sparkContext().setCheckpointDir(run.resolve("tune-checkpoints").toString());
    java.util.Map<String, Long> freq = new java.util.HashMap<>();
    long total = 0;
    for (String line : java.nio.file.Files.readAllLines(run.resolve(BenchFiles.TOKENS))) {
      String[] f = line.split("\t");
      for (int i = 1; i < f.length; i++) {
        freq.merge(f[i], 1L, Long::sum);
        total++;
      }
    }
    double[] docShare = null;
    for (int v = 3; v < args.length; v++) {
      Double maxShare = null;
      StringBuilder rest = new StringBuilder();
      for (String part : args[v].split(";")) {
        String p = part.trim();
        if (p.startsWith(MAX_DOC_SHARE + "=")) {
          maxShare = Double.parseDouble(p.substring(MAX_DOC_SHARE.length() + 1).trim());
        } else if (!p.isEmpty()) {
          rest.append(p).append(';');
        }
      }
      Settings s = settings(args[0], run, k, rest.toString());
      Dataset<Row> lda = Topics.ldaInput(features, vocab.length);
      if (maxShare != null) {
        if (docShare == null) {
          docShare = docShares(features, vocab.length);
        }
        boolean[] drop = new boolean[vocab.length];
        List<String> dropped = new ArrayList<>();
        java.util.Set<String> droppedSet = new java.util.HashSet<>();
        for (int i = 0; i < vocab.length; i++) {
          if (docShare[i] > maxShare) {
            drop[i] = true;
            dropped.add(vocab[i] + String.format(Locale.ROOT, " %.3f", docShare[i]));
            droppedSet.add(vocab[i]);
          }
        }
        lda = withoutTerms(lda, drop);
        Path filtered = run.resolve(String.format(Locale.ROOT, "tokens-max-doc-share-%s.tsv",
            maxShare));
        long[] kept = writeFiltered(run.resolve(BenchFiles.TOKENS), droppedSet, filtered);
        System.out.printf(Locale.ROOT, "%s=%s: %d terms withheld from the LDA input (%s);"
            + " filtered tokens: %s (%d tokens kept, %d removed, %d documents left empty)%n",
            MAX_DOC_SHARE, maxShare, dropped.size(), String.join(", ", dropped), filtered,
            kept[0], kept[1], kept[2]);
      }
      Dataset<Row> input = Features.partitionedByPaper(lda, s.topics().fitPartitions())
          .persist(StorageLevel.MEMORY_AND_DISK());
      long docs = input.count();
      long t = System.nanoTime();
      LocalLDAModel m = LdaFitter.fitBest(spark, s.topics(), k, input, docs, null, cooc,
          "tune");
      double fit = (System.nanoTime() - t) / 1e9;
      List<List<String>> topics = new ArrayList<>();
      for (Row r : m.describeTopics(10).orderBy("topic").collectAsList()) {
        List<String> top = new ArrayList<>();
        r.<Integer>getList(1).forEach(i -> top.add(vocab[i]));
        topics.add(top);
      }
      System.out.printf(Locale.ROOT, "variant [%s]: fit %.1f s, NPMI %.4f, diversity %.2f,"
          + " median doc share %.3f%n", args[v], fit, coherence.meanNpmi(topics),
          Coherence.diversity(topics), coherence.medianDocShare(topics));
      topics.forEach(t2 -> System.out.println("  " + String.join(", ", t2)));
      System.out.println("  labels: " + String.join(" · ", labels(m, input, vocab, s.topics())));
      org.apache.spark.ml.linalg.Matrix tm = m.topicsMatrix();
      for (double lambda : new double[] {0.8, 0.6}) {
        List<List<String>> rr = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          double colSum = 0;
          for (int w = 0; w < vocab.length; w++) {
            colSum += tm.apply(w, j);
          }
          Integer[] order = new Integer[vocab.length];
          double[] score = new double[vocab.length];
          for (int w = 0; w < vocab.length; w++) {
            order[w] = w;
            double p = tm.apply(w, j) / colSum;
            double pw = (double) freq.getOrDefault(vocab[w], 1L) / total;
            score[w] = lambda * Math.log(p) + (1 - lambda) * Math.log(p / pw);
          }
          Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
          List<String> top = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            top.add(vocab[order[i]]);
          }
          rr.add(top);
        }
        System.out.printf(Locale.ROOT, "  relevance %.1f: NPMI %.4f, diversity %.2f,"
            + " median doc share %.3f%n", lambda, coherence.meanNpmi(rr),
            Coherence.diversity(rr), coherence.medianDocShare(rr));
      }
      System.out.flush();
      input.unpersist();
    }
    spark.stop();
  }

  /**
   * The topics' generated labels as the topics stage makes them: prevalence from
   * Topics.topicSizes of the model's doc-topic weights, the configured label-lambda.
   */
  static String[] labels(LocalLDAModel m, Dataset<Row> input, String[] vocab,
      TopicSettings ts) {
    Dataset<Row> weights = Topics.docTopicWeights(m.transform(input))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] prevalence = new double[m.getK()];
      for (Row r : Topics.topicSizes(weights).collectAsList()) {
        prevalence[r.getInt(0)] = r.getDouble(1);
      }
      return Labels.labels(Labels.topicTermProbabilities(m.topicsMatrix()), prevalence, vocab,
          ts.labelLambda());
    } finally {
      weights.unpersist();
    }
  }

  /** Document share of every term index: documents of doc_features holding it / documents. */
  static double[] docShares(Dataset<Row> features, int vocabSize) {
    long docs = features.count();
    double[] share = new double[vocabSize];
    for (Row r : features.select(explode(col("term_indices")).as("i")).groupBy("i").count()
        .collectAsList()) {
      share[r.getInt(0)] = (double) r.getLong(1) / docs;
    }
    return share;
  }

  /** The LDA input (paper_id, features) without the term indices marked in drop. */
  static Dataset<Row> withoutTerms(Dataset<Row> ldaInput, boolean[] drop) {
    return ldaInput.map((MapFunction<Row, Row>) r -> {
      SparseVector sv = ((Vector) r.get(1)).toSparse();
      int[] idx = sv.indices();
      double[] val = sv.values();
      int n = 0;
      for (int i : idx) {
        if (!drop[i]) {
          n++;
        }
      }
      int[] i2 = new int[n];
      double[] v2 = new double[n];
      n = 0;
      for (int j = 0; j < idx.length; j++) {
        if (!drop[idx[j]]) {
          i2[n] = idx[j];
          v2[n++] = val[j];
        }
      }
      return RowFactory.create(r.getString(0), Vectors.sparse(sv.size(), i2, v2));
    }, Encoders.row(ldaInput.schema()));
  }

  /**
   * Copies a token file without the given terms; returns tokens kept, tokens removed and lines
   * left without a term.
   */
  static long[] writeFiltered(Path tokens, java.util.Set<String> drop, Path out)
      throws java.io.IOException {
    long[] n = new long[3];
    try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(tokens,
        java.nio.charset.StandardCharsets.UTF_8);
        java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(out,
            java.nio.charset.StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t");
        List<String> keep = new ArrayList<>();
        for (int i = 1; i < f.length; i++) {
          if (drop.contains(f[i])) {
            n[1]++;
          } else {
            keep.add(f[i]);
          }
        }
        n[0] += keep.size();
        if (keep.isEmpty()) {
          n[2]++;
        }
        w.write(BenchFiles.tokenLine(f[0], keep));
        w.write('\n');
      }
    }
    return n;
  }

  private static Settings settings(String home, Path run, int k, String variant) {
    List<String> all = new ArrayList<>();
    all.add("papertrends.home=\"" + home + "\"");
    all.add("papertrends.warehouse=\"" + run.resolve("warehouse") + "\"");
    all.add("papertrends.spark.master=\"local[2]\"");
    all.add("papertrends.topics.k=" + k);
    all.add("papertrends.topics.progress-every=1000");
    for (String s : variant.split(";")) {
      if (!s.isBlank()) {
        all.add(s.trim());
      }
    }
    return Settings.load(null, all);
  }
}
