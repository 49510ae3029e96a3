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
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.features.FeaturesJob;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.RunStages;
import papertrends.spark.Sessions;
import papertrends.topics.TopicsJob;

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
    JobTimes jobTimes = new JobTimes(start);
    spark.sparkContext().addSparkListener(jobTimes);
    try {
      Warehouse warehouse = new Warehouse(spark, settings);
      Map<String, Double> stages = new LinkedHashMap<>();
      stages.put("session", BenchFiles.since(start));

      long t = System.nanoTime();
      double cpu = BenchFiles.cpuSeconds();
      String mapping = opt.getOrDefault("mapping", "");
      new IngestJob(spark, settings, List.of(new IngestJob.Input(opt.get("input"),
          opt.get("format"), mapping.isEmpty() ? null : mapping)), null, false).run();
      stages.put("ingest", BenchFiles.since(t));
      stages.put("ingest_cpu", BenchFiles.cpuSince(cpu));

      // as PipelineJob reads them before the run starts: the latest run (whether a run is due,
      // the refit decision, the topics' stable ids) and the papers' version
      java.util.Optional<String> latest = new papertrends.runs.RunHistory(warehouse).latest()
          .map(papertrends.runs.ModelRun::runId);
      t = System.nanoTime();
      cpu = BenchFiles.cpuSeconds();
      long papersVersion = warehouse.version(Tables.PAPERS); // as PipelineJob reads it
      // as the pipeline runs it: features begun with the run's start, stages chained
      String runId = AnalysisRuns.start(warehouse, settings, AnalysisRuns.REFIT, null,
          papertrends.runs.RunRegistry.newRunId(), FeaturesJob.STAGE);
      RunStages run = new RunStages(spark, settings, runId).chained().begun(FeaturesJob.STAGE)
          .latestRun(latest);
      // the papers at the run's version, handed over as the pipeline's AnalysisRun does
      FeaturesJob.Result features = run.features(warehouse.readVersion(Tables.PAPERS,
          papersVersion));
      stages.put("features", BenchFiles.since(t));
      stages.put("features_cpu", BenchFiles.cpuSince(cpu));

      t = System.nanoTime();
      cpu = BenchFiles.cpuSeconds();
      FitCpu fitCpu = new FitCpu();
      spark.sparkContext().addSparkListener(fitCpu);
      TopicsJob.Result topics = run.topics();
      spark.sparkContext().removeSparkListener(fitCpu);
      if (fitCpu.first >= 0 && fitCpu.last >= 0) {
        stages.put("fit_cpu", Math.round((fitCpu.last - fitCpu.first) * 100) / 100.0);
      }
      stages.put("topics", BenchFiles.since(t));
      stages.put("topics_cpu", BenchFiles.cpuSince(cpu));

      t = System.nanoTime();
      cpu = BenchFiles.cpuSeconds();
      run.trends();
      run.flush();
      stages.put("trends", BenchFiles.since(t));
      stages.put("trends_cpu", BenchFiles.cpuSince(cpu));
      double wall = BenchFiles.since(start);

      jobTimes.write(out.resolve("jobs.tsv"));
      export(warehouse, runId, out);
      BenchFiles.writeSystem(out, "papertrends", features.docs(), k, stages,
          Math.round(topics.fitSeconds() * 100) / 100.0, wall);
      System.err.printf("bench: papertrends: %d documents, vocabulary %d, fit %.1f s%n",
          features.docs(), features.vocabSize(), topics.fitSeconds());
    } finally {
      spark.stop();
    }
  }

  /**
   * Process CPU seconds from the start of the LDA fit's first Spark job to the end of its last
   * (the fit's jobs carry the description LdaFitter gives them); listener events arrive a little
   * late, so this is approximate.
   */
  static final class FitCpu extends SparkListener {
    private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
    volatile double first = -1;
    volatile double last = -1;

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String d = e.properties() == null ? null
          : e.properties().getProperty("spark.job.description");
      if (d != null && d.startsWith("topics: LDA fit")) {
        jobs.add(e.jobId());
        if (first < 0) {
          first = BenchFiles.cpuSeconds();
        }
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
      if (jobs.contains(e.jobId())) {
        last = BenchFiles.cpuSeconds();
      }
    }
  }

  /**
   * Every Spark job of the timed stages: id, start and end in seconds since the JVM's start of
   * the run, and its description (the step that ran it), written to jobs.tsv so the time of a
   * stage can be split by step ({@code sort -t$'\t' -k4}).
   */
  static final class JobTimes extends SparkListener {
    private final long origin;
    private final Map<Integer, String> lines = new ConcurrentHashMap<>();
    private final Map<Integer, double[]> times = new ConcurrentHashMap<>();

    JobTimes(long origin) {
      this.origin = origin;
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String d = e.properties() == null ? null
          : e.properties().getProperty("spark.job.description");
      lines.put(e.jobId(), d == null ? "(no description)" : d.replace('\t', ' ')
          .replace('\n', ' '));
      times.put(e.jobId(), new double[] {BenchFiles.since(origin), -1});
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd e) {
      double[] t = times.get(e.jobId());
      if (t != null) {
        t[1] = BenchFiles.since(origin);
      }
    }

    void write(Path file) throws java.io.IOException {
      StringBuilder b = new StringBuilder("job\tstart_s\tseconds\tdescription\n");
      for (Integer id : new java.util.TreeSet<>(times.keySet())) {
        double[] t = times.get(id);
        b.append(id).append('\t').append(t[0]).append('\t')
            .append(t[1] < 0 ? "" : String.format(java.util.Locale.ROOT, "%.2f", t[1] - t[0]))
            .append('\t').append(lines.get(id)).append('\n');
      }
      Files.writeString(file, b.toString());
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
