package papertrends.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static papertrends.ingest.IngestFixture.date;
import static papertrends.ingest.IngestFixture.list;
import static papertrends.ingest.IngestFixture.str;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.TestSpark;

/** jsonl and parquet exports through a column mapping (--mapping NAME). */
class MappedFormatsIngestTest {
  @TempDir
  static Path dir;
  static IngestFixture fx;
  static IngestJob.Result jsonl;
  static IngestJob.Result parquet;

  @BeforeAll
  static void ingest() throws Exception {
    fx = new IngestFixture(dir, IngestFixture.testMappings());
    jsonl = fx.ingest(TestSpark.projectDir().resolve("src/test/resources/mapped/export.jsonl")
        .toString(), "jsonl", "export-jsonl");
    // A small Parquet export written by Spark: typed date, timestamp and list columns.
    StructType schema = StructType.fromDDL("key STRING, headline STRING, body STRING,"
        + " writers ARRAY<STRING>, day DATE, changed_at TIMESTAMP, pages INT");
    List<Row> rows = List.of(
        RowFactory.create("P-1", "Parquet Paper One", "An abstract stored in Parquet.",
            List.of("Grace Hopper", "Edsger Dijkstra"), Date.valueOf("2019-02-03"),
            java.sql.Timestamp.valueOf("2020-01-02 03:04:05"), 12),
        RowFactory.create("P-2", "Parquet Paper Two", null, List.of(),
            Date.valueOf("2019-02-04"), null, 3),
        RowFactory.create("P-3", "Parquet Paper Three", "Another abstract.", null, null, null,
            null));
    Path out = dir.resolve("landing/export.parquet");
    fx.spark.createDataFrame(rows.stream().map(r -> RowFactory.create(r.get(0), r.get(1),
        r.get(2), r.get(3) == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(
            (List<?>) r.get(3)).toSeq(), r.get(4), r.get(5), r.get(6))).toList(), schema)
        .coalesce(1).write().parquet(out.toString());
    parquet = fx.ingest(out.toString(), "parquet", "export-parquet");
  }

  @Test
  void jsonlFieldsNestedPathsAndArraysAreMapped() {
    assertEquals(3, jsonl.records());
    assertEquals(2, jsonl.inserted());
    assertEquals(1, jsonl.rejects());
    Row r = fx.paper("doi:10.5555/export.1");
    assertEquals("export", str(r, "source"));
    assertEquals("Nested Title One", str(r, "title"));
    assertEquals(List.of("Ada Lovelace", "Alan Turing"), list(r, "authors"));
    assertEquals(List.of("cs.LG", "stat.ML"), list(r, "categories"));
    assertEquals("10.5555/export.1", str(r, "doi"));
    assertEquals(Date.valueOf("2020-05-17"), date(r, "published_date"));
    assertEquals("en", str(r, "language"));
    Row two = fx.paper("doi:10.5555/export.2");
    assertEquals(Date.valueOf("2020-06-01"), date(two, "published_date"));
    assertEquals(List.of("cs.CL"), list(two, "categories"));
    Row reject = fx.rejects().stream().filter(x -> str(x, "file").endsWith("export.jsonl"))
        .findFirst().orElseThrow();
    assertEquals("line 4", str(reject, "position"));
    assertEquals("no abstract", str(reject, "reason"));
  }

  @Test
  void parquetColumnsAreReadWithTheirTypes() {
    assertEquals(1, parquet.filesTaken());
    assertEquals(3, parquet.records());
    assertEquals(2, parquet.inserted());
    assertEquals(1, parquet.rejects());
    Row r = fx.paper("parquet-export:P-1");
    assertEquals("Parquet Paper One", str(r, "title"));
    assertEquals(List.of("Grace Hopper", "Edsger Dijkstra"), list(r, "authors"));
    assertEquals(Date.valueOf("2019-02-03"), date(r, "published_date"));
    assertEquals(Date.valueOf("2020-01-02"), date(r, "updated_date"));
    Row three = fx.paper("parquet-export:P-3");
    assertEquals(null, date(three, "published_date"));
    assertEquals(null, three.get(three.fieldIndex("authors")));
  }
}
