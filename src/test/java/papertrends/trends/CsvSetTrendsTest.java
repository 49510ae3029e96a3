package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunRegistry;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/**
 * The real arXiv API CSV set (2002–2026) through ingest → features → topics → trends → publish
 * with yearly periods: a row for every year and topic, shares of each year sum to 1, the
 * exports are there, and the run is the latest.
 */
@Tag("pipeline")
class CsvSetTrendsTest {
  static final int K = 8;
  static Warehouse warehouse;
  static String runId;
  static Dataset<Row> topics;

  @BeforeAll
  static void pipeline() throws Exception {
    // the JVM's one pipeline warehouse of the CSV set (k = 8, yearly trends), read only
    SharedWarehouse.Fixture shared = SharedWarehouse.get();
    warehouse = shared.warehouse();
    runId = shared.runId();
    topics = warehouse.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(runId)).cache();
    // The worked example of docs/data-dictionary.md: rising terms of the last years.
    List<Row> rising = warehouse.read(Tables.TERM_TRENDS).where(col("run_id").equalTo(runId)
            .and(col("is_rising")).and(col("group_key").isNull())
            .and(col("period_start").geq(java.sql.Date.valueOf("2022-01-01"))))
        .orderBy(col("period_start").desc(), col("log_odds_z").desc())
        .select("period_start", "term", "doc_freq", "period_docs", "log_odds_z",
            "first_seen_period").collectAsList();
    StringBuilder b = new StringBuilder();
    rising.forEach(r -> b.append(r.mkString(" | ")).append('\n'));
    Files.writeString(TestSpark.projectDir().resolve("target/csv-set-rising-terms.txt"),
        b.toString());
  }

  @Test
  void aRowForEveryYearAndTopic() {
    List<Row> years = topics.groupBy("period_start").count().orderBy("period_start")
        .collectAsList();
    assertEquals(2026 - 2002 + 1, years.size());
    for (int i = 0; i < years.size(); i++) {
      assertEquals(java.sql.Date.valueOf((2002 + i) + "-01-01"), years.get(i).getDate(0));
      assertEquals(K, years.get(i).getLong(1));
    }
    long papers = topics.where(col("topic_id").equalTo(0)).agg(
        org.apache.spark.sql.functions.sum("period_docs")).first().getLong(0);
    assertEquals(warehouse.read(Tables.DOC_TOPIC_WEIGHTS).where(col("run_id").equalTo(runId))
        .count(), papers, "every analysed paper counts in exactly one year");
  }

  @Test
  void sharesOfEveryNonEmptyYearSumToOne() {
    List<Row> sums = topics.where(col("period_docs").gt(0)).groupBy("period_start")
        .agg(org.apache.spark.sql.functions.sum("share")).collectAsList();
    assertTrue(sums.size() >= 20);
    sums.forEach(r -> assertEquals(1.0, r.getDouble(1), 1e-9, r.toString()));
  }

  @Test
  void theRunIsPublishedAndItsExportsReadByDuckDb() throws Exception {
    assertEquals("succeeded", new RunRegistry(warehouse).history().get(runId).orElseThrow()
        .status());
    Path parquet = TestSpark.local(warehouse.path("exports/term_trends/term_trends.parquet"));
    assertTrue(Files.isRegularFile(parquet));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT period_start) FROM '"
            + parquet + "' WHERE is_rising")) {
      assertTrue(rs.next());
      assertEquals(warehouse.read(Tables.TERM_TRENDS).where(col("run_id").equalTo(runId)
          .and(col("is_rising"))).count(), rs.getLong(1));
      assertFalse(rs.getLong(2) == 0, "some year has rising terms");
    }
  }
}
