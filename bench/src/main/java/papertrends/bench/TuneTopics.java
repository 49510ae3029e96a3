package papertrends.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.clustering.LocalLDAModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import papertrends.config.Settings;
import papertrends.features.Features;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.spark.Sessions;
import papertrends.topics.LdaFitter;
import papertrends.topics.Topics;

/**
 * Tuning aid (never run by run.sh): refits only the LDA of a finished PaperTrendsRun's warehouse
 * with several settings variants in one session and scores each with the bench's
 * {@link Coherence} on that run's tokens.tsv, so topic settings can be compared in seconds.
 * {@code TuneTopics HOME RUN_DIR K "key=v;key=v" ...} (one argument per variant).
 */
public final class TuneTopics {
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
    for (int v = 3; v < args.length; v++) {
      Settings s = settings(args[0], run, k, args[v]);
      Dataset<Row> input = Features.partitionedByPaper(Topics.ldaInput(features, vocab.length),
          s.topics().fitPartitions()).persist(StorageLevel.MEMORY_AND_DISK());
      long docs = input.count();
      long t = System.nanoTime();
      LocalLDAModel m = LdaFitter.fit(spark, s.topics(), k, input, docs, "tune");
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
