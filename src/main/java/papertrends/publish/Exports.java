package papertrends.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import papertrends.io.Storage;
import papertrends.io.Tables;

/**
 * Plain file exports for BI tools: one Parquet file and one CSV file (NAME.parquet, NAME.csv)
 * per table and folder, flat columns only, dates as DATE, timestamps as INT64 microseconds
 * (never INT96). {@link RunExports} says which folders.
 */
public final class Exports {
  private Exports() {}

  /** Separator of array elements joined into one string column. */
  public static final String ARRAY_SEPARATOR = "; ";

  /** Row order of each exported table (its natural key). */
  static final Map<String, List<String>> ORDER = Map.of(
      Tables.TOPICS, List.of("topic_id"),
      Tables.TOPIC_TERMS, List.of("topic_id", "rank"),
      Tables.DOC_TOPICS, List.of("paper_id", "topic_id"),
      Tables.DOC_KEYWORDS, List.of("paper_id", "rank"),
      Tables.TOPIC_TRENDS, List.of("group_key", "topic_id", "period_start"),
      Tables.TERM_TRENDS, List.of("group_key", "term", "period_start"),
      Tables.TRENDING_CHANGES, List.of("source", "snapshot_date", "change", "rank",
          "previous_rank", "paper_id"),
      Tables.PAPERS, List.of("paper_id"),
      Tables.MODEL_RUNS, List.of("started_at", "run_id"));

  /** Arrays become strings joined by "; ", structs and maps JSON strings; the rest is kept. */
  public static Dataset<Row> flatten(Dataset<Row> df) {
    Column[] cols = Arrays.stream(df.schema().fields()).map(Exports::flat)
        .toArray(Column[]::new);
    return df.select(cols);
  }

  private static Column flat(StructField f) {
    Column c = col(f.name());
    if (f.dataType() instanceof ArrayType a) {
      Column strings = a.elementType() instanceof StructType || a.elementType() instanceof MapType
          ? to_json(c) : concat_ws(ARRAY_SEPARATOR, c.cast(DataTypes.createArrayType(
              DataTypes.StringType)));
      return strings.as(f.name());
    }
    if (f.dataType() instanceof StructType || f.dataType() instanceof MapType) {
      return to_json(c).as(f.name());
    }
    return c;
  }

  /**
   * Writes rows (flattened, in the table's key order) as DIR/TABLE.parquet and DIR/TABLE.csv,
   * replacing earlier files of that name. Spark writes each into a temporary
   * folder; its one part file then replaces the export whole (a rename on HDFS and local disks,
   * one whole-object write on object stores), so a reader never sees a half-written file.
   * Returns the number of rows written.
   */
  public static long write(Dataset<Row> rows, String table, Storage storage, String dir)
      throws IOException {
    Dataset<Row> flat = flatten(rows);
    List<String> order = ORDER.getOrDefault(table, List.of());
    if (!order.isEmpty()) {
      flat = flat.orderBy(order.stream().map(o -> col(o).asc_nulls_first())
          .toArray(Column[]::new));
    }
    // computed once for both files and the count (each would read and sort the table again)
    flat = flat.coalesce(1).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = flat.count();
      storage.mkdirs(dir);
      String parquetTmp = dir + "/_parquet.tmp";
      SparkSession spark = rows.sparkSession();
      // the export contract: timestamps as INT64 microseconds, whatever the session's default
      String tsType = spark.conf().get(TIMESTAMP_TYPE, null);
      spark.conf().set(TIMESTAMP_TYPE, "TIMESTAMP_MICROS");
      try {
        flat.write().mode("overwrite").option("compression", "snappy").parquet(parquetTmp);
      } finally {
        if (tsType == null) {
          spark.conf().unset(TIMESTAMP_TYPE);
        } else {
          spark.conf().set(TIMESTAMP_TYPE, tsType);
        }
      }
      moveSingle(storage, parquetTmp, ".parquet", dir + "/" + table + ".parquet");
      String csvTmp = dir + "/_csv.tmp";
      flat.write().mode("overwrite").option("header", "true").option("quote", "\"")
          .option("escape", "\"").option("nullValue", "").option("dateFormat", "yyyy-MM-dd")
          .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS").option("encoding", "UTF-8")
          .csv(csvTmp);
      moveSingle(storage, csvTmp, ".csv", dir + "/" + table + ".csv");
      return count;
    } finally {
      flat.unpersist();
    }
  }

  private static final String TIMESTAMP_TYPE = "spark.sql.parquet.outputTimestampType";

  /** Moves the one part file Spark wrote into tmp to target, then removes tmp. */
  private static void moveSingle(Storage storage, String tmp, String suffix, String target)
      throws IOException {
    FileSystem fs = storage.fs(tmp);
    FileStatus[] parts = fs.listStatus(new Path(tmp), p -> p.getName().startsWith("part-")
        && p.getName().endsWith(suffix));
    if (parts.length != 1) {
      throw new IOException("expected one " + suffix + " part file in " + tmp + ", found "
          + parts.length);
    }
    storage.move(parts[0].getPath().toString(), target);
    storage.delete(tmp);
  }
}
