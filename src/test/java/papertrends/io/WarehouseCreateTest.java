package papertrends.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.TestSpark;

/**
 * Two writers appending to a table that does not exist yet both land, through Delta's own
 * create-if-absent and its concurrent-commit retries: no lock file, no _locks folder.
 */
class WarehouseCreateTest {
  @TempDir
  Path tmp;

  @Test
  void twoWritersOfANewTableBothLandWithoutALockFile() throws Exception {
    SparkSession spark = TestSpark.session();
    Path root = tmp.resolve("wh");
    Warehouse w = new Warehouse(spark, TestSpark.settings(root));
    assertEquals("file:" + root, w.root());
    StructType schema = Tables.REJECTS_SCHEMA;
    Dataset<Row> a = spark.createDataFrame(List.of(RowFactory.create("a.csv", "1", "bad", null,
        "b1", null)), schema);
    Dataset<Row> b = spark.createDataFrame(List.of(RowFactory.create("b.csv", "2", "bad", null,
        "b2", null)), schema);
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> w.append(Tables.REJECTS, a));
    CompletableFuture<Void> second = CompletableFuture.runAsync(
        () -> w.append(Tables.REJECTS, b));
    first.get();
    second.get();
    assertEquals(List.of("a.csv", "b.csv"), w.read(Tables.REJECTS).orderBy("file")
        .select("file").collectAsList().stream().map(r -> r.getString(0)).toList());
    assertTrue(w.version(Tables.REJECTS) >= 2, "one create and two appends");
    assertFalse(Files.exists(root.resolve("_locks")));
    assertEquals(List.of(Tables.REJECTS), w.tableNames());
  }

  /**
   * Two ingests starting together on a fresh warehouse: both create the same tables at once
   * (each through its own Warehouse, as two jobs would), read them and write to them. Neither
   * may fail with Delta's concurrent-create errors, and both rows land. A few rounds, as the
   * race does not show every time.
   */
  @Test
  void twoWritersEnsuringTheSameFreshWarehouseBothLand() throws Exception {
    SparkSession spark = TestSpark.session();
    List<String> tables = List.of(Tables.PAPERS, Tables.PAPER_SIGHTINGS, Tables.REJECTS,
        Tables.INGEST_FILES);
    for (int round = 0; round < 3; round++) {
      Path root = tmp.resolve("race" + round);
      CompletableFuture<Void> first = CompletableFuture.runAsync(
          () -> ensureReadAndWrite(spark, root, tables, "a.csv"));
      CompletableFuture<Void> second = CompletableFuture.runAsync(
          () -> ensureReadAndWrite(spark, root, tables, "b.csv"));
      first.get();
      second.get();
      Warehouse w = new Warehouse(spark, TestSpark.settings(root));
      assertEquals(tables.stream().sorted().toList(), w.tableNames(), "round " + round);
      assertEquals(List.of("a.csv", "b.csv"), w.read(Tables.REJECTS).orderBy("file")
          .select("file").collectAsList().stream().map(r -> r.getString(0)).toList());
      for (String t : tables) {
        assertTrue(w.version(t) >= 0, t + " has a first commit");
      }
    }
  }

  private static void ensureReadAndWrite(SparkSession spark, Path root, List<String> tables,
      String file) {
    Warehouse w = new Warehouse(spark, TestSpark.settings(root));
    for (String t : tables) {
      w.ensure(t);
    }
    for (String t : tables) {
      w.read(t).count();
    }
    w.append(Tables.REJECTS, spark.createDataFrame(List.of(RowFactory.create(file, "1", "bad",
        null, "b-" + file, null)), Tables.REJECTS_SCHEMA));
  }

  /**
   * A run's first write to a table that does not exist yet is a blind append after the
   * contract create (no replaceWhere scan); written again under the same run id, its rows are
   * replaced, and another run's rows stay.
   */
  @Test
  void replacingARunsRowsInANewTableAppendsThenReplaces() {
    SparkSession spark = TestSpark.session();
    Warehouse w = new Warehouse(spark, TestSpark.settings(tmp.resolve("runs")));
    assertTrue(w.ensure(Tables.VOCABULARY) && !w.ensure(Tables.VOCABULARY),
        "ensure says whether it created the table");
    Warehouse fresh = new Warehouse(spark, TestSpark.settings(tmp.resolve("runs2")));
    fresh.replaceRun(Tables.VOCABULARY, "r1", vocab("r1", "alpha", "beta"));
    fresh.replaceRun(Tables.VOCABULARY, "r2", vocab("r2", "gamma"));
    fresh.replaceRun(Tables.VOCABULARY, "r1", vocab("r1", "delta"));
    assertEquals(List.of("r1 delta", "r2 gamma"), fresh.read(Tables.VOCABULARY)
        .orderBy("run_id", "term").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getString(2)).toList());
    List<Row> ops = fresh.delta(Tables.VOCABULARY).history().orderBy("version")
        .select("operation", "operationParameters").collectAsList();
    assertEquals(List.of("CREATE TABLE", "WRITE", "WRITE", "WRITE"),
        ops.stream().map(r -> r.getString(0)).toList());
    assertEquals("Append", ops.get(1).getJavaMap(1).get("mode"), "the first write: " + ops);
    assertEquals("Overwrite", ops.get(3).getJavaMap(1).get("mode"), "the rerun: " + ops);
    assertEquals(TestSpark.settings(tmp.resolve("runs2")).retention().log(),
        fresh.delta(Tables.VOCABULARY).detail().select("properties").first()
            .getJavaMap(0).get("delta.logRetentionDuration"));
  }

  private static Dataset<Row> vocab(String run, String... terms) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < terms.length; i++) {
      rows.add(RowFactory.create(run, i, terms[i], 1L, 0.5));
    }
    return TestSpark.session().createDataFrame(rows, Tables.VOCABULARY_SCHEMA);
  }
}
