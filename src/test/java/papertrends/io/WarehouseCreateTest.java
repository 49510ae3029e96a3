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
}
