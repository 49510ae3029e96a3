package papertrends.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.features.FeaturesJob;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.spark.Sessions;
import papertrends.topics.TopicsJob;
import papertrends.trends.TrendsJob;

/**
 * System (a): the PaperTrends pipeline in one local[2] session on a fresh warehouse: ingest →
 * features → topics → trends, each stage timed. Afterwards (not timed) it exports what the
 * other systems need: the documents' text (docs.tsv, for plain MLlib), the run's token lists
 * after vocabulary pruning (tokens.tsv, for MALLET and NPMI) and the top terms (topics.tsv).
 * {@code PaperTrendsRun --home DIR --input PATH --format F [--mapping M] --k K --seed S
 * --out DIR [--set key=value]...}
 */
public final class PaperTrendsRun {
  private PaperTrendsRun() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Map<String, String> opt = new TreeMap<>();
    List<String> sets = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--set")) {
        sets.add(args[i + 1]);
      } else {
        opt.put(args[i].substring(2), args[i + 1]);
      }
    }
    Path out = Path.of(opt.get("out")).toAbsolutePath();
    Files.createDirectories(out);
    int k = Integer.parseInt(opt.get("k"));
    List<String> all = new ArrayList<>();
    all.add("papertrends.home=\"" + opt.get("home") + "\"");
    all.add("papertrends.warehouse=\"" + out.resolve("warehouse") + "\"");
    all.add("papertrends.spark.master=\"local[2]\"");
    all.add("papertrends.topics.k=" + k);
    all.add("papertrends.topics.seed=" + opt.get("seed"));
    all.addAll(sets);
    Settings settings = Settings.load(null, all);
    SparkSession spark = Sessions.create("bench", settings);
    spark.sparkContext().setLogLevel("WARN");
    try {
      Warehouse warehouse = new Warehouse(spark, settings);
      Map<String, Double> stages = new LinkedHashMap<>();
      stages.put("session", BenchFiles.since(start));

      long t = System.nanoTime();
      String mapping = opt.getOrDefault("mapping", "");
      new IngestJob(spark, settings, List.of(new IngestJob.Input(opt.get("input"),
          opt.get("format"), mapping.isEmpty() ? null : mapping)), null, false).run();
      stages.put("ingest", BenchFiles.since(t));

      t = System.nanoTime();
      String runId = AnalysisRuns.start(warehouse, settings, AnalysisRuns.REFIT, null);
      FeaturesJob.Result features = new FeaturesJob(spark, settings, runId)
          .run(AnalysisRuns.papers(warehouse, runId));
      stages.put("features", BenchFiles.since(t));

      t = System.nanoTime();
      TopicsJob.Result topics = new TopicsJob(spark, settings, runId).run();
      stages.put("topics", BenchFiles.since(t));

      t = System.nanoTime();
      new TrendsJob(spark, settings, runId).run();
      stages.put("trends", BenchFiles.since(t));
      double wall = BenchFiles.since(start);

      export(warehouse, runId, out);
      BenchFiles.writeSystem(out, "papertrends", features.docs(), k, stages,
          Math.round(topics.fitSeconds() * 100) / 100.0, wall);
      System.err.printf("bench: papertrends: %d documents, vocabulary %d, fit %.1f s%n",
          features.docs(), features.vocabSize(), topics.fitSeconds());
    } finally {
      spark.stop();
    }
  }

  /** docs.tsv (id, title. abstract), tokens.tsv (id, terms) and topics.tsv of the run. */
  static void export(Warehouse warehouse, String runId, Path out) throws Exception {
    Dataset<Row> docs = warehouse.read(Tables.PAPERS).select(col("paper_id"),
        regexp_replace(concat_ws(". ", coalesce(col("title"), lit("")),
            coalesce(col("abstract"), lit(""))), "\\s+", " "));
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve(BenchFiles.DOCS),
        StandardCharsets.UTF_8)) {
      Iterator<Row> it = docs.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        w.write(r.getString(0) + "\t" + r.getString(1) + "\n");
      }
    }
    // The terms LDA sees: the run's terms kept by vocabulary pruning, in document order.
    Set<String> vocabulary = new HashSet<>();
    warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId)).select("term")
        .collectAsList().forEach(r -> vocabulary.add(r.getString(0)));
    Dataset<Row> tokens = warehouse.read(Tables.DOC_FEATURES)
        .where(col("run_id").equalTo(runId)).select("paper_id", "terms");
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve(BenchFiles.TOKENS),
        StandardCharsets.UTF_8)) {
      Iterator<Row> it = tokens.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        List<String> kept = new ArrayList<>(r.<String>getList(1));
        kept.retainAll(vocabulary);
        w.write(BenchFiles.tokenLine(r.getString(0), kept));
        w.write('\n');
      }
    }
    Map<Integer, List<String>> top = new TreeMap<>();
    for (Row r : warehouse.read(Tables.TOPIC_TERMS).where(col("run_id").equalTo(runId)
        .and(col("rank").leq(10))).orderBy("topic_id", "rank").collectAsList()) {
      top.computeIfAbsent(r.<Integer>getAs("topic_id"), x -> new ArrayList<>())
          .add(r.getAs("term"));
    }
    BenchFiles.writeTopics(out, new ArrayList<>(top.values()));
  }
}
