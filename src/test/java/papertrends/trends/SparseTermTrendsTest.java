package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import papertrends.config.TrendSettings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.ModelRun;
import papertrends.runs.RunHistory;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/**
 * term_trends keeps a row only where the term occurs (or is rising or new): on the real CSV set
 * (1,586 papers, 2002-2026) by month (more sensitive rising thresholds, so some rise), the
 * sparse table is at least 5x smaller than the dense term × period grid and holds exactly the
 * same rising and new terms; auto picks day for daily snapshots and year for the CSV set.
 */
@Tag("pipeline")
class SparseTermTrendsTest {
  static Dataset<Row> dense;
  static Dataset<Row> sparse;
  static String granularity;

  static String autoGranularity;

  @BeforeAll
  static void monthlyTermTrendsOfTheCsvSet() throws IOException {
    SharedWarehouse.Fixture shared = SharedWarehouse.get();
    Warehouse w = shared.warehouse();
    String run = shared.runId();
    TrendSettings s = TestSpark.settings(shared.root(), "trends.granularity=month",
        // by month: a more sensitive score than the defaults, so more rising rows are compared
        "trends.rising-z=1.0", "trends.prior-scale=0.1").trends();
    Dataset<Row> weights = w.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(run));
    ModelRun recorded = new RunHistory(w).get(run).orElseThrow();
    Dataset<Row> papers = AnalysisRuns.papers(w, recorded).join(weights.select("paper_id"),
        new String[] {"paper_id"}, "left_semi");
    Dataset<Row> dates = Periods.paperDates(papers, AnalysisRuns.sightings(w, recorded))
        .cache();
    granularity = TrendsJob.granularity(dates, s);
    autoGranularity = TrendsJob.granularity(dates,
        TestSpark.settings(shared.root(), "trends.granularity=auto").trends());
    Dataset<Row> events = Periods.withGroups(Periods.withPeriod(dates, granularity), papers,
        null).cache();
    Dataset<Row> features = w.read(Tables.DOC_FEATURES).where(col("run_id").equalTo(run));
    Dataset<Row> docTerms = TermTrends.docTerms(features).cache();
    Dataset<Row> idf = TermTrends.idf(docTerms, features,
        w.read(Tables.VOCABULARY).where(col("run_id").equalTo(run)));
    dense = TermTrends.termTrends(events, docTerms, idf, Periods.spine(events, granularity), s)
        .cache();
    sparse = TermTrends.filterAbsent(dense).cache();
    long d = dense.count();
    long sp = sparse.count();
    Files.writeString(TestSpark.projectDir().resolve("target/csv-set-term-trends-rows.txt"),
        "CSV set, granularity " + granularity + ": dense " + d + " rows, sparse " + sp
            + " rows, " + String.format("%.1f", (double) d / sp) + "x smaller\n");
  }

  @Test
  void byMonthTheSparseTableIsFiveTimesSmaller() {
    assertEquals("month", granularity, "an explicit granularity wins");
    long d = dense.count();
    long s = sparse.count();
    assertTrue(s > 0);
    assertTrue(d >= 5 * s, "dense " + d + " rows against sparse " + s);
    assertEquals(0, sparse.where(col("doc_freq").equalTo(0)).count(), "no zero rows kept");
  }

  @Test
  void autoPicksYearsForTheCsvSet() {
    assertEquals("year", autoGranularity,
        "about 23 papers a month lately, 55 a quarter, 150 a year: the finest reaching 100");
  }

  @Test
  void risingAndNewTermsAreTheSameInBoth() {
    for (String flag : List.of("is_rising", "is_new")) {
      Dataset<Row> a = dense.where(col(flag)).select("period_start", "term", "doc_freq",
          "log_odds_z");
      Dataset<Row> b = sparse.where(col(flag)).select("period_start", "term", "doc_freq",
          "log_odds_z");
      assertTrue(a.count() > 0, "the CSV set has " + flag + " rows by month: the comparison"
          + " below has something to compare");
      assertEquals(0, a.except(b).count(), flag + " rows lost by the sparse table");
      assertEquals(0, b.except(a).count(), flag + " rows the dense table lacks");
    }
  }

  /** Papers per period at every granularity, as Periods.papersPerPeriod counts them. */
  static Map<String, NavigableMap<LocalDate, Long>> perPeriod(Map<LocalDate, Integer> papers) {
    Map<String, NavigableMap<LocalDate, Long>> out = new HashMap<>();
    for (String g : Periods.FINEST_FIRST) {
      NavigableMap<LocalDate, Long> m = new TreeMap<>();
      papers.forEach((d, n) -> m.merge(Periods.truncate(d, g), (long) n, Long::sum));
      out.put(g, m);
    }
    return out;
  }

  @Test
  void autoGranularityIsTheFinestWithinTheLimitWhoseLatestPeriodsHoldEnoughPapers() {
    LocalDate thu = LocalDate.of(2026, 11, 26);
    Map<LocalDate, Integer> twoSnapshots = Map.of(thu, 238, thu.plusDays(1), 240);
    assertEquals("day", Periods.autoGranularity(perPeriod(twoSnapshots), 400, 30, 7),
        "two daily snapshots: two daily periods");
    assertEquals(2, Periods.periodCount(thu, thu.plusDays(1), "day"));
    assertEquals(1, Periods.periodCount(thu, thu.plusDays(1), "week"));
    assertEquals("day", Periods.autoGranularity(perPeriod(Map.of(thu, 238)), 400, 30, 7));
    assertEquals("day", Periods.autoGranularity(perPeriod(Map.of(thu, 4)), 400, 30, 7),
        "one small snapshot: every granularity holds the same papers, the finest wins");
    assertEquals("day", Periods.autoGranularity(perPeriod(Map.of()), 400, 30, 7));

    // 2002-2026, 10 papers a month (120 a year); 40 a month in the latest 7 months
    Map<LocalDate, Integer> decades = new HashMap<>();
    LocalDate first = LocalDate.of(2002, 4, 10);
    LocalDate last = LocalDate.of(2026, 8, 14);
    for (LocalDate d = first; !d.isAfter(last); d = d.plusMonths(1)) {
      decades.put(d, d.isAfter(last.minusMonths(7)) ? 40 : 10);
    }
    assertEquals(293, Periods.periodCount(first, last, "month"));
    assertEquals(98, Periods.periodCount(first, last, "quarter"));
    assertEquals(25, Periods.periodCount(first, last, "year"));
    assertEquals("month", Periods.autoGranularity(perPeriod(decades), 400, 30, 7),
        "40 a month lately");
    assertEquals("quarter", Periods.autoGranularity(perPeriod(decades), 400, 50, 7),
        "months hold 40 lately, the latest 7 quarters 410 papers (58.6 a quarter)");
    assertEquals("quarter", Periods.autoGranularity(perPeriod(decades), 100, 30, 7),
        "293 months are more than 100 periods");
    assertEquals("year", Periods.autoGranularity(perPeriod(decades), 3, 30, 7),
        "year when none fits");
    assertEquals("year", Periods.autoGranularity(perPeriod(decades), 400, 10_000, 7),
        "none reaches the volume: the one whose latest periods hold most");
    assertEquals(40.0, Periods.recentMean(perPeriod(decades).get("month"),
        LocalDate.of(2026, 8, 1), "month", 7));
    assertEquals(25.0, Periods.recentMean(perPeriod(decades).get("month"),
        LocalDate.of(2026, 8, 1), "month", 14), "7 months of 40, 7 of 10");

    Map<LocalDate, Integer> twoYearsDaily = new HashMap<>();
    for (int i = 0; i <= 700; i++) {
      twoYearsDaily.put(thu.plusDays(i), 40);
    }
    assertEquals("day", Periods.autoGranularity(perPeriod(twoYearsDaily), 800, 30, 7));
    assertEquals("week", Periods.autoGranularity(perPeriod(twoYearsDaily), 400, 30, 7),
        "701 days are more than 400 periods");
    assertFalse(Periods.periodCount(thu, thu.plusDays(700), "week") > 400);
  }
}
