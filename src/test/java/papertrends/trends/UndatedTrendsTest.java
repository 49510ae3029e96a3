package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunRegistry;
import papertrends.runs.RunStages;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * An undated corpus (a daily trending feed): papers have no published_date, so they count on
 * each snapshot day they were seen; a day without a snapshot is a period with zeros.
 */
@Tag("pipeline")
class UndatedTrendsTest {
  @TempDir
  static Path dir;
  static Dataset<Row> topics;
  static Dataset<Row> terms;
  static final String RUN = "r-undated";
  /** Snapshot days 20, 21 and 23 November 2026 (none on the 22nd); papers seen per day. */
  static final Map<Integer, List<Integer>> SEEN = Map.of(
      20, range(0, 10), 21, range(5, 18), 23, range(12, 20));

  /** Rank of paper i on a day: by id, except the 23rd, which lists them in reverse. */
  static int rank(int day, int i) {
    return day == 23 ? 20 - i : i + 1;
  }

  static List<Integer> range(int from, int to) {
    List<Integer> l = new ArrayList<>();
    for (int i = from; i < to; i++) {
      l.add(i);
    }
    return l;
  }

  @BeforeAll
  static void plantAndRun() {
    SparkSession spark = TestSpark.session();
    Settings settings = TestSpark.settings(dir.resolve("wh"),
        "papertrends.trends.granularity=day", "papertrends.trends.min-term-docs=1");
    Warehouse w = new Warehouse(spark, settings);
    List<Row> papers = new ArrayList<>();
    List<Row> weights = new ArrayList<>();
    List<Row> features = new ArrayList<>();
    Date firstSeen = Date.valueOf("2026-11-20");
    for (int i = 0; i < 21; i++) {
      // Paper 20 was never in a snapshot: it counts at its first_seen_date.
      papers.add(RowFactory.create("title:" + i, "trending-page", null, "T" + i, "A" + i,
          null, null, null, null, null, firstSeen, firstSeen, "en", "h" + i, "b1"));
      int t = i % 3;
      Double[] wt = {0.1, 0.1, 0.1};
      wt[t] = 0.8;
      weights.add(RowFactory.create(RUN, "title:" + i, wt, t));
      features.add(RowFactory.create(RUN, "title:" + i,
          new String[] {"agent", i < 12 ? "benchmark" : "world model"}, new Integer[0],
          new Double[0]));
    }
    w.append(Tables.PAPERS, spark.createDataFrame(papers, Tables.PAPERS_SCHEMA));
    List<Row> sightings = new ArrayList<>();
    SEEN.forEach((day, ids) -> ids.forEach(i -> sightings.add(RowFactory.create("title:" + i,
        Date.valueOf("2026-11-" + day), "trending-page", rank(day, i), "b" + day))));
    w.append(Tables.PAPER_SIGHTINGS, spark.createDataFrame(sightings,
        Tables.PAPER_SIGHTINGS_SCHEMA));
    new RunRegistry(w).start(RUN, Map.of("mode", "refit", "papers_version",
        w.version(Tables.PAPERS)));
    w.append(Tables.DOC_TOPIC_WEIGHTS, spark.createDataFrame(weights,
        Tables.DOC_TOPIC_WEIGHTS_SCHEMA));
    w.append(Tables.DOC_FEATURES, spark.createDataFrame(features, Tables.DOC_FEATURES_SCHEMA));
    new RunStages(spark, settings, RUN).trends();
    // finished: a later run's start must not take it for one a dead driver left running
    new RunRegistry(w).succeed(RUN);
    topics = w.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(RUN)).cache();
    terms = w.read(Tables.TERM_TRENDS).where(col("run_id").equalTo(RUN)).cache();
    warehouse = w;
    runSettings = settings;
    runWeights = weights;
    runFeatures = features;
  }

  static Warehouse warehouse;
  static Settings runSettings;
  static List<Row> runWeights;
  static List<Row> runFeatures;

  @Test
  void aRunReadsTheSightingsAtItsRecordedVersionNotTheOnesAddedLater() {
    SparkSession spark = TestSpark.session();
    Warehouse w = warehouse;
    String run = "r-undated-recorded";
    new RunRegistry(w).start(run, Map.of("mode", "refit", "papers_version",
        w.version(Tables.PAPERS), "input_versions", papertrends.runs.AnalysisRuns.inputVersions(
            w.version(Tables.PAPERS), w.version(Tables.PAPER_SIGHTINGS))));
    w.append(Tables.DOC_TOPIC_WEIGHTS, spark.createDataFrame(runWeights.stream()
        .map(r -> RowFactory.create(run, r.get(1), r.get(2), r.get(3))).toList(),
        Tables.DOC_TOPIC_WEIGHTS_SCHEMA));
    w.append(Tables.DOC_FEATURES, spark.createDataFrame(runFeatures.stream()
        .map(r -> RowFactory.create(run, r.get(1), r.get(2), r.get(3), r.get(4))).toList(),
        Tables.DOC_FEATURES_SCHEMA));
    // a snapshot of the 24th lands after the run started (a later day's ingest)
    w.append(Tables.PAPER_SIGHTINGS, spark.createDataFrame(range(0, 6).stream()
        .map(i -> RowFactory.create("title:" + i, Date.valueOf("2026-11-24"), "trending-page",
            i + 1, "b24")).toList(), Tables.PAPER_SIGHTINGS_SCHEMA));
    assertEquals(6, w.read(Tables.PAPER_SIGHTINGS)
        .where(col("snapshot_date").equalTo(Date.valueOf("2026-11-24"))).count());
    new RunStages(spark, runSettings, run).trends();
    Dataset<Row> mine = w.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(run));
    TableAssert.assertSameRows(Tables.TOPIC_TRENDS, topics, mine, java.util.Set.of("run_id"),
        1e-12);
    assertEquals(Date.valueOf("2026-11-23"), mine.agg(
        org.apache.spark.sql.functions.max("period_start")).first().getDate(0));
  }

  @Test
  void eachSnapshotDayIsAPeriodAndTheMissingDayHasZeros() {
    Map<Date, Long> docs = topics.where(col("topic_id").equalTo(0)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("period_start"), r -> r.getAs("period_docs")));
    assertEquals(Map.of(Date.valueOf("2026-11-20"), 11L, Date.valueOf("2026-11-21"), 13L,
        Date.valueOf("2026-11-22"), 0L, Date.valueOf("2026-11-23"), 8L), docs,
        "day 20: papers 0-9 and the never-sighted paper 20");
    assertEquals(4 * 3, topics.count(), "no topics table: topic ids from the weight arrays");
    assertEquals("day", topics.select("granularity").distinct().first().getString(0));
  }

  @Test
  void sharesOfEachSnapshotDaySumToOne() {
    List<Row> sums = topics.where(col("period_docs").gt(0)).groupBy("period_start")
        .agg(org.apache.spark.sql.functions.sum("share")).collectAsList();
    assertEquals(3, sums.size());
    sums.forEach(r -> assertEquals(1.0, r.getDouble(1), 1e-9));
    // Day 21: papers 5..17, dominant topic i % 3 → topic 0 has 6, 9, 12, 15.
    Row t0 = topics.where(col("topic_id").equalTo(0)
        .and(col("period_start").equalTo(Date.valueOf("2026-11-21")))).first();
    assertEquals(4L, t0.<Long>getAs("doc_count"));
    assertEquals(4 * 0.8 + 9 * 0.1, t0.<Double>getAs("weight_sum"), 1e-9);
  }

  @Test
  void termTrendsFollowTheSightings() {
    Map<Date, Long> worldModel = terms.where(col("term").equalTo("world model")).collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getAs("period_start"),
            r -> r.getAs("doc_freq")));
    assertEquals(Map.of(Date.valueOf("2026-11-20"), 1L, Date.valueOf("2026-11-21"), 6L,
        Date.valueOf("2026-11-23"), 8L), worldModel, "sparse: no row for the day without it");
    Row agent = terms.where(col("term").equalTo("agent")
        .and(col("period_start").equalTo(Date.valueOf("2026-11-23")))).first();
    assertEquals(1.0, agent.<Double>getAs("share"), 1e-12);
    assertTrue(terms.where(col("term").equalTo("world model"))
        .where(col("first_seen_period").equalTo(Date.valueOf("2026-11-20"))).count() == 3);
  }

  @Test
  void trendingChangesSayWhoEnteredLeftAndMovedBetweenSnapshots() {
    Dataset<Row> changes = warehouse.read(Tables.TRENDING_CHANGES)
        .where(col("run_id").equalTo(RUN)).cache();
    assertEquals(List.of(Date.valueOf("2026-11-21"), Date.valueOf("2026-11-23")),
        changes.select("snapshot_date").distinct().orderBy("snapshot_date").collectAsList()
            .stream().map(r -> r.getDate(0)).toList(), "one pair per snapshot after the first");
    for (int day : List.of(21, 23)) {
      int prev = day == 21 ? 20 : 21;
      Dataset<Row> pair = changes.where(col("snapshot_date")
          .equalTo(Date.valueOf("2026-11-" + day)));
      assertEquals(Date.valueOf("2026-11-" + prev), pair.select("previous_snapshot_date")
          .distinct().first().getDate(0));
      for (Row r : pair.collectAsList()) {
        int i = Integer.parseInt(r.<String>getAs("paper_id").substring("title:".length()));
        boolean now = SEEN.get(day).contains(i);
        boolean before = SEEN.get(prev).contains(i);
        Integer rank = now ? rank(day, i) : null;
        Integer previous = before ? rank(prev, i) : null;
        assertEquals(rank, r.getAs("rank"), r.toString());
        assertEquals(previous, r.getAs("previous_rank"), r.toString());
        String change = !before ? "entered" : !now ? "left"
            : previous > rank ? "up" : previous < rank ? "down" : "same";
        assertEquals(change, r.getAs("change"), r.toString());
      }
      java.util.Set<Integer> union = new java.util.HashSet<>(SEEN.get(day));
      union.addAll(SEEN.get(prev));
      assertEquals(union.size(), pair.count(), "every paper on either list, once");
    }
    assertEquals(7, changes.where(col("change").equalTo("left")
        .and(col("snapshot_date").equalTo(Date.valueOf("2026-11-23")))).count(), "5 to 11");
  }
}
