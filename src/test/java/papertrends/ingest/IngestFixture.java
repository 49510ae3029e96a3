package papertrends.ingest;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/** A warehouse in a test folder and helpers to ingest into it and read rows back. */
final class IngestFixture {
  final SparkSession spark = TestSpark.session();
  final Settings settings;
  final Warehouse warehouse;

  IngestFixture(Path dir, String... sets) {
    settings = TestSpark.settings(dir.resolve("wh"), sets);
    warehouse = new Warehouse(spark, settings);
  }

  /** The --set that points mappings-dir at the test mappings (src/test/resources/mappings). */
  static String testMappings() {
    return "papertrends.ingest.mappings-dir=\""
        + TestSpark.projectDir().resolve("src/test/resources/mappings") + "\"";
  }

  /** Ingests one input (file or folder) with a format and optional mapping. */
  IngestJob.Result ingest(String path, String format, String mapping) throws Exception {
    return ingest(path, format, mapping, false);
  }

  /** The same; force reads files already taken again (--force). */
  IngestJob.Result ingest(String path, String format, String mapping, boolean force)
      throws Exception {
    return new IngestJob(spark, settings, List.of(new IngestJob.Input(path, format, mapping)),
        LocalDate.of(2026, 11, 20), force).run();
  }

  /** The papers row of a paper_id. */
  Row paper(String paperId) {
    List<Row> rows = warehouse.read(Tables.PAPERS).where(col("paper_id").equalTo(paperId))
        .collectAsList();
    if (rows.size() != 1) {
      throw new AssertionError(rows.size() + " rows for " + paperId);
    }
    return rows.get(0);
  }

  long papers() {
    return warehouse.read(Tables.PAPERS).count();
  }

  List<Row> rejects() {
    return warehouse.read(Tables.REJECTS).orderBy("file", "position").collectAsList();
  }

  /** A list column of a row as a Java list. */
  static List<String> list(Row r, String column) {
    return r.getList(r.fieldIndex(column));
  }

  static String str(Row r, String column) {
    return r.getString(r.fieldIndex(column));
  }

  static java.sql.Date date(Row r, String column) {
    return r.getDate(r.fieldIndex(column));
  }
}
