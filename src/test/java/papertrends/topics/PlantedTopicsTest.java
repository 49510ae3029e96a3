package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.cli.Main;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.features.FeaturesJob;
import papertrends.io.Tables;
import papertrends.io.TopicLabels;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.ModelRun;
import papertrends.runs.RunRegistry;
import papertrends.runs.RunStages;
import papertrends.testing.TestSpark;

/**
 * Topics on a planted corpus of three real, disjoint vocabularies: recovery of the planted
 * topics, identical topics on a rerun, stable topic ids across overlapping corpora, and pinned
 * scoring of new papers with a saved model.
 */
@Tag("pipeline")
class PlantedTopicsTest {
  @TempDir
  static Path dir;
  static SparkSession spark;
  static Settings settings;
  static Warehouse warehouse;
  static RunRegistry runs;
  static final String RUN_A = "r-planted-a";
  static final String RUN_A2 = "r-planted-a2";
  static final String RUN_B = "r-planted-b";
  static final String RUN_P = "r-planted-pinned";

  @BeforeAll
  static void fitRuns() throws Exception {
    spark = TestSpark.session();
    settings = TestSpark.settings(dir.resolve("wh"), "papertrends.topics.k=3",
        "papertrends.topics.max-iterations=15", "papertrends.features.min-doc-freq=2",
        "papertrends.features.phrase-min-count=100000");
    warehouse = new Warehouse(spark, settings);
    runs = new RunRegistry(warehouse);
    PlantedCorpus corpus = new PlantedCorpus(spark, 40);
    Dataset<Row> first = corpus.papers(spark, 0, 60, 40).cache();
    fit(RUN_A, first);
    runs.succeed(RUN_A);
    fit(RUN_A2, first);
    runs.fail(RUN_A2, "only a reproducibility check");
    fit(RUN_B, corpus.papers(spark, 30, 90, 40));
    runs.fail(RUN_B, "only a stable-id check");
    runs.start(RUN_P, Map.of("mode", AnalysisRuns.PINNED, "model_run_id", RUN_A));
    new RunStages(spark, settings, RUN_P).score(RUN_A, corpus.papers(spark, 0, 90, 40));
  }

  static void fit(String runId, Dataset<Row> papers) {
    runs.start(runId, Map.of("mode", AnalysisRuns.REFIT, "config", settings.json()));
    RunStages stages = new RunStages(spark, settings, runId);
    stages.features(papers);
    stages.topics();
  }

  /** paper_id → dominant topic of a run. */
  static Map<String, Integer> dominant(String runId) {
    Map<String, Integer> m = new HashMap<>();
    for (Row r : warehouse.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(runId))
        .select("paper_id", "dominant_topic_id").collectAsList()) {
      m.put(r.getString(0), r.getInt(1));
    }
    return m;
  }

  /** topic → the source most of its dominated papers come from. */
  static Map<Integer, String> topicSource(Map<String, Integer> dominant) {
    Map<Integer, Map<String, Integer>> votes = new HashMap<>();
    dominant.forEach((p, t) -> votes.computeIfAbsent(t, x -> new HashMap<>())
        .merge(PlantedCorpus.sourceOf(p), 1, Integer::sum));
    Map<Integer, String> out = new HashMap<>();
    votes.forEach((t, v) -> out.put(t, v.entrySet().stream()
        .max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
    return out;
  }

  static double purity(Map<String, Integer> dominant, Map<Integer, String> topicSource) {
    long right = dominant.entrySet().stream().filter(e ->
        PlantedCorpus.sourceOf(e.getKey()).equals(topicSource.get(e.getValue()))).count();
    return (double) right / dominant.size();
  }

  @Test
  void plantedTopicsAreRecoveredWithHighPurity() {
    Map<String, Integer> dom = dominant(RUN_A);
    assertEquals(180, dom.size());
    Map<Integer, String> src = topicSource(dom);
    assertEquals(new HashSet<>(PlantedCorpus.SOURCES), new HashSet<>(src.values()),
        "each source has its own topic: " + src);
    double purity = purity(dom, src);
    assertTrue(purity >= 0.95, "purity " + purity);
  }

  @Test
  void fullDistributionsSumToOneAndDoctopicsHaveOneDominantRow() {
    for (Row r : warehouse.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(RUN_A))
        .collectAsList()) {
      List<Double> w = r.getList(r.fieldIndex("weights"));
      assertEquals(3, w.size());
      assertEquals(1.0, w.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
    }
    Dataset<Row> dt = warehouse.read(Tables.DOC_TOPICS).where(col("run_id").equalTo(RUN_A));
    assertEquals(180, dt.where(col("is_dominant")).count());
    assertEquals(180, dt.where(col("is_dominant")).select("paper_id").distinct().count());
    assertEquals(0, dt.where(col("weight").lt(settings.topics().docTopicThreshold())
        .and(col("is_dominant").equalTo(false))).count());
  }

  @Test
  void sameInputConfigAndSeedGiveTheSameTopicsTermForTerm() {
    List<Row> a = terms(RUN_A);
    List<Row> b = terms(RUN_A2);
    assertEquals(a.size(), b.size());
    assertEquals(90, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getInt(0), b.get(i).getInt(0));
      assertEquals(a.get(i).getInt(1), b.get(i).getInt(1));
      assertEquals(a.get(i).getString(2), b.get(i).getString(2), "term at row " + i);
      assertEquals(a.get(i).getDouble(3), b.get(i).getDouble(3), 1e-9);
    }
    Map<String, List<Double>> wa = weights(RUN_A);
    Map<String, List<Double>> wb = weights(RUN_A2);
    assertEquals(wa.keySet(), wb.keySet());
    wa.forEach((p, w) -> {
      for (int i = 0; i < w.size(); i++) {
        assertEquals(w.get(i), wb.get(p).get(i), 1e-9, p);
      }
    });
  }

  @Test
  void topicsKeepTheirStableIdsAcrossOverlappingCorpora() {
    Map<Integer, String> srcA = topicSource(dominant(RUN_A));
    Map<Integer, String> srcB = topicSource(dominant(RUN_B));
    Map<String, Integer> stableA = stableBySource(RUN_A, srcA);
    Map<String, Integer> stableB = stableBySource(RUN_B, srcB);
    assertEquals(stableA, stableB);
    assertEquals(0, warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(RUN_B)
        .and(col("is_new"))).count());
    assertEquals(3, warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(RUN_A)
        .and(col("is_new"))).count());
  }

  @Test
  void pinnedRunScoresNewPapersWithTheSavedModelWithoutRefitting() {
    Map<String, Integer> dom = dominant(RUN_P);
    assertEquals(270, dom.size());
    Map<Integer, String> srcA = topicSource(dominant(RUN_A));
    long newPapers = dom.keySet().stream().filter(p -> Integer.parseInt(p.split(":")[2]) >= 60)
        .count();
    long newRight = dom.entrySet().stream()
        .filter(e -> Integer.parseInt(e.getKey().split(":")[2]) >= 60)
        .filter(e -> PlantedCorpus.sourceOf(e.getKey()).equals(srcA.get(e.getValue()))).count();
    assertEquals(90, newPapers);
    assertTrue(newRight >= 0.95 * newPapers, newRight + " of " + newPapers);
    assertEquals(topicRows(RUN_A), topicRows(RUN_P));
    ModelRun run = runs.history().get(RUN_P).orElseThrow();
    assertEquals(RUN_A, run.modelRunId());
    assertEquals(3, (int) run.k());
    assertEquals(270L, (long) run.docs());
    assertFalse(Files.exists(TestSpark.local(warehouse.modelDir(RUN_P) + "/lda")));
    assertEquals(warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(RUN_A)).count(),
        warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(RUN_P)).count());
  }

  @Test
  void modelRunsRecordTheFit() {
    ModelRun run = runs.history().get(RUN_A).orElseThrow();
    assertEquals(3, (int) run.k());
    assertEquals("online", run.optimizer());
    assertEquals(180L, (long) run.docs());
    double meanNpmi = warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(RUN_A))
        .agg(org.apache.spark.sql.functions.avg("npmi")).first().getDouble(0);
    assertEquals(meanNpmi, run.meanNpmi(), 1e-9);
    assertTrue(run.timings().contains("\"fit_s\""));
    assertTrue(Files.isDirectory(TestSpark.local(warehouse.modelDir(RUN_A) + "/lda")));
    assertTrue(Files.isDirectory(TestSpark.local(warehouse.modelDir(RUN_A) + "/features")));
  }

  @Test
  void curatedLabelWinsInLatestViewsAndFollowsTheTopicAcrossRefits() {
    String src = PlantedCorpus.SOURCES.get(0);
    int sid = stableBySource(RUN_A, topicSource(dominant(RUN_A))).get(src);
    Map<Integer, String> generated = new HashMap<>();
    warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(RUN_A)).collectAsList()
        .forEach(r -> generated.put(r.getAs("stable_topic_id"), r.getAs("label")));
    assertEquals(3, new HashSet<>(generated.values()).size(), "distinct: " + generated);
    assertThrows(UsageException.class, () -> TopicLabels.set(warehouse, 9999, "x"));
    assertThrows(UsageException.class, () -> TopicLabels.set(warehouse, sid, "two\nlines"));
    assertEquals(Main.USAGE, Main.execute("label", String.valueOf(sid)));
    TopicLabels.set(warehouse, sid, " Planted topic one ");
    papertrends.runs.RunHistory.registerViews(warehouse);
    Map<Integer, String> latest = new HashMap<>();
    spark.sql("SELECT stable_topic_id, label FROM latest_topics").collectAsList()
        .forEach(r -> latest.put(r.getInt(0), r.getString(1)));
    Map<Integer, String> expected = new HashMap<>(generated);
    expected.put(sid, "Planted topic one");
    assertEquals(expected, latest);
    // RUN_B is a refit on an overlapping corpus: its topic of the same source has the label
    Map<Integer, String> srcB = topicSource(dominant(RUN_B));
    Row b = TopicLabels.withCuratedLabels(warehouse.read(Tables.TOPICS)
        .where(col("run_id").equalTo(RUN_B)), warehouse).collectAsList().stream()
        .filter(r -> src.equals(srcB.get(r.<Integer>getAs("topic_id")))).findFirst()
        .orElseThrow();
    assertEquals("Planted topic one", b.getAs("label"));
    assertTrue(TopicLabels.clear(warehouse, sid));
    papertrends.runs.RunHistory.registerViews(warehouse);
    assertEquals(generated.get(sid), spark.sql("SELECT label FROM latest_topics WHERE"
        + " stable_topic_id = " + sid).first().getString(0));
  }

  static List<Row> terms(String runId) {
    return warehouse.read(Tables.TOPIC_TERMS).where(col("run_id").equalTo(runId))
        .orderBy("topic_id", "rank").select("topic_id", "rank", "term", "weight")
        .collectAsList();
  }

  static List<String> topicRows(String runId) {
    return warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(runId)).orderBy("topic_id")
        .select("topic_id", "stable_topic_id", "label", "top_terms", "npmi").collectAsList()
        .stream().map(Row::toString).toList();
  }

  static Map<String, List<Double>> weights(String runId) {
    Map<String, List<Double>> m = new HashMap<>();
    for (Row r : warehouse.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(runId))
        .collectAsList()) {
      m.put(r.getAs("paper_id"), r.getList(r.fieldIndex("weights")));
    }
    return m;
  }

  static Map<String, Integer> stableBySource(String runId, Map<Integer, String> src) {
    Map<String, Integer> m = new HashMap<>();
    for (Row r : warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(runId))
        .select("topic_id", "stable_topic_id").collectAsList()) {
      m.put(src.get(r.getInt(0)), r.getInt(1));
    }
    return m;
  }
}
