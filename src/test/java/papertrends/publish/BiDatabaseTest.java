package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import papertrends.io.LatestViews;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunHistory;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/**
 * The DuckDB file the pipeline's bi step wrote into the shared CSV-set warehouse, opened with
 * the DuckDB JDBC driver: every dashboard query of docs/data-dictionary.md in its DuckDB version
 * returns the rows of its Spark SQL version on the Delta tables, and every latest_* view the
 * rows Spark's view has.
 */
@Tag("pipeline")
class BiDatabaseTest {
  static Warehouse warehouse;
  static String runId;
  static Connection duck;

  @BeforeAll
  static void openTheFile() throws SQLException {
    SharedWarehouse.Fixture shared = SharedWarehouse.get();
    warehouse = shared.warehouse();
    runId = shared.runId();
    RunHistory.registerViews(warehouse);
    Path file = TestSpark.local(BiDatabase.uri(warehouse));
    assertTrue(Files.isRegularFile(file), "the pipeline's bi step wrote " + file);
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    duck = DriverManager.getConnection("jdbc:duckdb:" + file, readOnly);
  }

  @AfterAll
  static void close() throws SQLException {
    if (duck != null) {
      duck.close();
    }
  }

  /** The (Spark SQL, DuckDB SQL) pairs of the dashboard queries. */
  static List<String[]> dashboardQueries() throws Exception {
    String doc = Files.readString(TestSpark.projectDir().resolve("docs/data-dictionary.md"));
    Matcher m = Pattern.compile("```sql( duckdb)?\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String[]> pairs = new ArrayList<>();
    String spark = null;
    while (m.find()) {
      if (m.group(1) == null) {
        assertEquals(null, spark, "a Spark query without its DuckDB version: " + spark);
        spark = m.group(2);
      } else {
        assertTrue(spark != null, "a DuckDB query without its Spark version: " + m.group(2));
        pairs.add(new String[] {spark, m.group(2)});
        spark = null;
      }
    }
    assertEquals(null, spark, "a Spark query without its DuckDB version: " + spark);
    return pairs;
  }

  @Test
  void everyDashboardQueryGivesSparksRows() throws Exception {
    List<String[]> pairs = dashboardQueries();
    assertTrue(pairs.size() >= 4, "dashboard queries in the data dictionary: " + pairs.size());
    for (String[] q : pairs) {
      List<List<Object>> expected = sparkRows(q[0]);
      List<List<Object>> actual = duckRows(q[1]);
      assertFalse(expected.isEmpty(), q[0]);
      if (!q[0].contains("\nORDER BY")) {
        expected.sort(Comparator.comparing(Object::toString));
        actual.sort(Comparator.comparing(Object::toString));
      }
      assertRowsEqual(expected, actual, q[1]);
    }
  }

  @Test
  void everyLatestViewHoldsTheLatestRunsRows() throws Exception {
    for (String t : LatestViews.RUN_TABLES) {
      long spark = warehouse.spark().sql("SELECT * FROM latest_" + t).count();
      assertEquals(List.of(List.of(spark)), duckRows("SELECT count(*) FROM latest_" + t), t);
      assertEquals(List.of(List.of(spark)), duckRows("SELECT count(*) FROM " + t
          + " WHERE run_id = '" + runId + "'"), t + ": the run's rows");
    }
    assertEquals(List.of(List.of(runId)), duckRows("SELECT run_id FROM latest_run"));
    assertEquals(List.of(List.of(warehouse.read(Tables.PAPERS).count())),
        duckRows("SELECT count(*) FROM papers"));
    // the topics of the latest run, with their labels, as Spark's view has them
    assertRowsEqual(sparkRows("SELECT topic_id, stable_topic_id, label, doc_count FROM"
            + " latest_topics ORDER BY topic_id"),
        duckRows("SELECT topic_id, stable_topic_id, label, doc_count FROM latest_topics"
            + " ORDER BY topic_id"), "latest_topics");
  }

  @Test
  void theFileReplacedItsTargetWhole() throws Exception {
    Path exports = TestSpark.local(warehouse.exportsDir());
    try (Stream<Path> files = Files.list(exports)) {
      List<String> leftovers = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") || n.endsWith(".wal") || n.endsWith(".tmp")).toList();
      assertEquals(List.of(), leftovers, "no temporary or WAL file beside the DuckDB file");
    }
    assertFalse(BiDatabase.stale(warehouse), "newer than the exports it was built from");
  }

  static List<List<Object>> sparkRows(String sql) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : warehouse.spark().sql(sql).collectAsList()) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        row.add(normal(r.get(i)));
      }
      out.add(row);
    }
    return out;
  }

  static List<List<Object>> duckRows(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(normal(rs.getObject(i)));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Whole numbers as Long, others as Double, dates and the rest as their text. */
  static Object normal(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    return v.toString();
  }

  static void assertRowsEqual(List<List<Object>> expected, List<List<Object>> actual,
      String what) {
    assertEquals(expected.size(), actual.size(), "rows of " + what);
    for (int r = 0; r < expected.size(); r++) {
      List<Object> e = expected.get(r);
      List<Object> a = actual.get(r);
      assertEquals(e.size(), a.size(), "columns of " + what);
      for (int c = 0; c < e.size(); c++) {
        if (e.get(c) instanceof Double x && a.get(c) instanceof Double y) {
          assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)),
              "row " + r + " column " + c + " of " + what + ": " + e + " vs " + a);
        } else {
          assertEquals(e.get(c), a.get(c), "row " + r + " column " + c + " of " + what
              + ": " + e + " vs " + a);
        }
      }
    }
  }
}
