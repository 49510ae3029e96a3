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
}
