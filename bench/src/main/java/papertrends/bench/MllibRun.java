package papertrends.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * System (b): plain MLlib as Spark's examples do it: RegexTokenizer (non-word characters
 * split), StopWordsRemover (Spark's English list), CountVectorizer and LDA, all with their
 * defaults but k and the seed, on the same documents' title and abstract.
 * {@code MllibRun DOCS_TSV K SEED OUT_DIR}; writes its own token lists (tokens.tsv) for NPMI.
 */
public final class MllibRun {
  private MllibRun() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    BenchFiles.SystemArgs a = BenchFiles.SystemArgs.parse(args);
    int k = a.k();
    Path out = a.out();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("bench mllib")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Map<String, Double> stages = new LinkedHashMap<>();
      long t = System.nanoTime();
      Dataset<Row> parts = spark.read().text(a.input().toString())
          .select(split(col("value"), "\t", 2).as("f"));
      Dataset<Row> docs = parts.select(col("f").getItem(0).as("id"),
          col("f").getItem(1).as("text"));

      Dataset<Row> tokens = new RegexTokenizer().setInputCol("text").setOutputCol("words")
          .setPattern("\\W+").transform(docs);
      Dataset<Row> filtered = new StopWordsRemover().setInputCol("words")
          .setOutputCol("filtered").transform(tokens);
      CountVectorizerModel cv = new CountVectorizer().setInputCol("filtered")
          .setOutputCol("features").fit(filtered);
      Dataset<Row> features = cv.transform(filtered).persist(StorageLevel.MEMORY_AND_DISK());
      long docCount = features.count();
      stages.put("features", BenchFiles.since(t));

      t = System.nanoTime();
      double cpu = BenchFiles.cpuSeconds();
      LDAModel lda = new LDA().setK(k).setSeed(a.seed()).fit(features);
      double fit = BenchFiles.since(t);
      stages.put("fit", fit);
      stages.put("fit_cpu", BenchFiles.cpuSince(cpu));

      String[] vocab = cv.vocabulary();
      List<List<String>> topics = new ArrayList<>();
      for (Row r : lda.describeTopics(10).orderBy("topic").collectAsList()) {
        List<String> top = new ArrayList<>();
        for (Object i : r.<Integer>getList(r.fieldIndex("termIndices"))) {
          top.add(vocab[(Integer) i]);
        }
        topics.add(top);
      }
      double wall = BenchFiles.since(start);
      BenchFiles.writeTopics(out, topics);
      BenchFiles.writeSystem(out, "mllib", docCount, k, stages, fit, wall);
      writeTokens(features, out.resolve(BenchFiles.TOKENS));
      features.unpersist();
      System.err.printf("bench: mllib: %d documents, vocabulary %d, fit %.1f s%n", docCount,
          vocab.length, fit);
    } finally {
      spark.stop();
    }
  }

  private static void writeTokens(Dataset<Row> features, Path file) throws Exception {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      Iterator<Row> it = features.select("id", "filtered").toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        w.write(BenchFiles.tokenLine(r.getString(0), r.<String>getList(1)));
        w.write('\n');
      }
    }
  }
}
