package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
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
 * (1,586 papers, 2002-2026) at the monthly periods that granularity auto picks for it, the
 * sparse table is at least 5x smaller than the dense term × period grid and holds exactly the
 * same rising and new terms; auto picks day for daily snapshots and month for decades.
 */
@Tag("pipeline")
class SparseTermTrendsTest {
  static Dataset<Row> dense;
  static Dataset<Row> sparse;
  static String granularity;

  @BeforeAll
  static void monthlyTermTrendsOfTheCsvSet() throws IOException {
    SharedWarehouse.Fixture shared = SharedWarehouse.get();
    Warehouse w = shared.warehouse();
    String run = shared.runId();
    TrendSettings s = TestSpark.settings(shared.root(), "trends.granularity=auto",
        // by month the defaults flag no rising term on this corpus: a more sensitive score
        "trends.rising-z=1.0", "trends.prior-scale=0.1").trends();
    Dataset<Row> weights = w.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(run));
    ModelRun recorded = new RunHistory(w).get(run).orElseThrow();
    Dataset<Row> papers = AnalysisRuns.papers(w, recorded).join(weights.select("paper_id"),
        new String[] {"paper_id"}, "left_semi");
    Dataset<Row> dates = Periods.paperDates(papers, AnalysisRuns.sightings(w, recorded))
        .cache();
    granularity = TrendsJob.granularity(dates, s);
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
  void autoPicksMonthsForTheCsvSetAndTheSparseTableIsFiveTimesSmaller() {
    assertEquals("month", granularity, "25 years of papers: about 290 months");
    long d = dense.count();
    long s = sparse.count();
    assertTrue(s > 0);
    assertTrue(d >= 5 * s, "dense " + d + " rows against sparse " + s);
    assertEquals(0, sparse.where(col("doc_freq").equalTo(0)).count(), "no zero rows kept");
  }

  @Test
  void risingAndNewTermsAreTheSameInBoth() {
    for (String flag : List.of("is_rising", "is_new")) {
      Dataset<Row> a = dense.where(col(flag)).select("period_start", "term", "doc_freq",
          "log_odds_z");
      Dataset<Row> b = sparse.where(col(flag)).select("period_start", "term", "doc_freq",
          "log_odds_z");
      if (flag.equals("is_new")) {
        assertTrue(a.count() > 0, "the CSV set has new terms by month");
      }
      assertEquals(0, a.except(b).count(), flag + " rows lost by the sparse table");
      assertEquals(0, b.except(a).count(), flag + " rows the dense table lacks");
    }
  }

  @Test
  void autoGranularityIsTheFinestWithinTheLimit() {
    LocalDate thu = LocalDate.of(2026, 11, 26);
    assertEquals("day", Periods.autoGranularity(thu, thu.plusDays(1), 400),
        "two daily snapshots: two daily periods");
    assertEquals(2, Periods.periodCount(thu, thu.plusDays(1), "day"));
    assertEquals(1, Periods.periodCount(thu, thu.plusDays(1), "week"));
    assertEquals("day", Periods.autoGranularity(thu, thu, 400));
    LocalDate first = LocalDate.of(2002, 4, 10);
    LocalDate last = LocalDate.of(2026, 8, 14);
    assertEquals(293, Periods.periodCount(first, last, "month"));
    assertEquals(98, Periods.periodCount(first, last, "quarter"));
    assertEquals(25, Periods.periodCount(first, last, "year"));
    assertEquals("month", Periods.autoGranularity(first, last, 400));
    assertEquals("quarter", Periods.autoGranularity(first, last, 100));
    assertEquals("year", Periods.autoGranularity(first, last, 3), "year when none fits");
    assertEquals("week", Periods.autoGranularity(thu, thu.plusDays(700), 400));
    assertFalse(Periods.periodCount(thu, thu.plusDays(700), "week") > 400);
  }
}
