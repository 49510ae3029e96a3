package papertrends.publish;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Catalog;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.ModelRun;
import papertrends.runs.RunHistory;
import papertrends.runs.RunRegistry;
import papertrends.runs.RunStages;
import papertrends.testing.TestSpark;
import papertrends.trends.PlantedCorpus;
import papertrends.trends.TrendsJob;

/**
 * publish on a planted run: succeeded is the last write, latest_* views show the run, DuckDB
 * reads the Parquet and CSV exports and finds the rows Spark has, and the dashboard queries of
 * docs/data-dictionary.md return rows.
 */
@Tag("pipeline")
class PublishJobTest {
  @TempDir
  static Path dir;
  static Settings settings;
  static Warehouse warehouse;
  static String runId;
  static PublishJob.Result result;

  @BeforeAll
  static void trendsThenPublish() {
    SparkSession spark = TestSpark.session();
    settings = TestSpark.settings(dir.resolve("wh"), "papertrends.trends.granularity=month");
    warehouse = new Warehouse(spark, settings);
    runId = new PlantedCorpus().write(warehouse).writeGold(warehouse).runId;
    RunStages stages = new RunStages(spark, settings, runId);
    stages.trends();
    result = stages.publish();
  }

  @Test
  void runIsSucceededAndLatestViewsShowIt() {
    ModelRun run = new RunHistory(warehouse).get(runId).orElseThrow();
    assertEquals("succeeded", run.status());
    assertTrue(run.finishedAt() != null);
    RunHistory.registerViews(warehouse);
    SparkSession spark = warehouse.spark();
    assertEquals(warehouse.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(runId))
        .count(), spark.sql("SELECT * FROM latest_topic_trends").count());
    assertEquals(runId, spark.sql("SELECT DISTINCT run_id FROM latest_term_trends").first()
        .getString(0));
  }

  @Test
  void duckDbReadsTheExportsAndFindsSparksRows() throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String table : PublishJob.EXPORTED) {
        Dataset<Row> delta = warehouse.read(table).where(col("run_id").equalTo(runId));
        List<String> expected = sparkRows(delta);
        assertEquals((long) expected.size(), result.exported().get(table));
        if (table.equals(Tables.TRENDING_CHANGES)) {
          // the CSV set has no trending snapshots: its export is there, and empty
          assertTrue(expected.isEmpty(), table);
          continue;
        }
        assertFalse(expected.isEmpty(), table);
        Path parquet = TestSpark.local(warehouse.path("exports", table, table + ".parquet"));
        Path csv = TestSpark.local(warehouse.path("exports", table, table + ".csv"));
        assertEquals(expected, duckRows(duck, "SELECT * FROM read_parquet('" + parquet + "')"),
            table + " parquet");
        assertEquals(expected, duckRows(duck, "SELECT * FROM read_csv('" + csv + "')"),
            table + " csv");
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
            "SELECT name, type, logical_type FROM parquet_schema('" + parquet + "')")) {
          while (rs.next()) {
            assertFalse("INT96".equals(rs.getString(2)), table + " " + rs.getString(1));
            assertFalse(String.valueOf(rs.getString(3)).contains("List"), rs.getString(1));
          }
        }
      }
      try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT typeof(period_start), typeof(share) FROM read_parquet('"
              + TestSpark.local(warehouse.path("exports/topic_trends/topic_trends.parquet"))
              + "') LIMIT 1")) {
        assertTrue(rs.next());
        assertEquals("DATE", rs.getString(1));
        assertEquals("DOUBLE", rs.getString(2));
      }
    }
  }

  @Test
  void dashboardQueriesOfTheDataDictionaryReturnRows() throws Exception {
    String doc = Files.readString(TestSpark.projectDir().resolve("docs/data-dictionary.md"));
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> queries = new ArrayList<>();
    while (m.find()) {
      queries.add(m.group(1));
    }
    assertTrue(queries.size() >= 4, "dashboard queries in the data dictionary");
    RunHistory.registerViews(warehouse);
    for (String q : queries) {
      List<Row> rows = warehouse.spark().sql(q).collectAsList();
      assertFalse(rows.isEmpty(), q);
    }
    List<String> rising = warehouse.spark().sql(queries.get(0)).collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertTrue(rising.contains("mixture of experts"), rising.toString());
    List<String> newTerms = warehouse.spark().sql(queries.get(3)).collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertEquals(List.of("mixture of experts"), newTerms);
    Row hottest = warehouse.spark().sql(queries.get(2)).first();
    assertEquals(0, hottest.getInt(0));
    assertEquals("hot", hottest.getString(5));
  }

  @Test
  void theReportOfTheRunIsWritten() throws Exception {
    assertTrue(result.report());
    String html = Files.readString(TestSpark.local(warehouse.reportDir() + "/index.html"));
    assertTrue(html.contains(runId), "the report shows the published run");
  }

  @Test
  void aFailedRunIsNotPublished() {
    RunRegistry registry = new RunRegistry(warehouse);
    registry.start("r-failed", Map.of("mode", "refit"));
    registry.fail("r-failed", "killed");
    assertThrows(UsageException.class,
        () -> new RunStages(warehouse.spark(), settings, "r-failed").publish());
    assertEquals(runId, new RunHistory(warehouse).latest().orElseThrow().runId());
  }

  /** Rows as sorted canonical strings, arrays joined as the exports join them. */
  static List<String> sparkRows(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        if (v instanceof scala.collection.Seq<?> s) {
          List<String> parts = new ArrayList<>();
          scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> parts.add(
              String.valueOf(x)));
          v = String.join(Exports.ARRAY_SEPARATOR, parts);
        }
        b.append(canonical(v)).append('|');
      }
      out.add(b.toString());
    }
    out.sort(null);
    return out;
  }

  static List<String> duckRows(Connection duck, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          b.append(canonical(rs.getObject(i))).append('|');
        }
        out.add(b.toString());
      }
    }
    out.sort(null);
    return out;
  }

  private static String canonical(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      return Double.toString(((Number) v).doubleValue());
    }
    if (v instanceof Number n) {
      return Long.toString(n.longValue());
    }
    return v.toString();
  }
}
