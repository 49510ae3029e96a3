package papertrends.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small frame helpers shared by the stages. */
public final class Frames {
  private Frames() {}

  /** Selects the schema's columns in order, cast to their types; a missing column is null. */
  public static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    Set<String> have = Arrays.stream(df.columns()).collect(Collectors.toSet());
    Column[] cols = Arrays.stream(schema.fields())
        .map(f -> (have.contains(f.name()) ? col(f.name()) : lit(null))
            .cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
    return df.select(cols);
  }

  /** Fails with a clear message when a frame lacks a column a transformation needs. */
  public static void require(Dataset<Row> df, String who, String... columns) {
    Set<String> have = Arrays.stream(df.columns()).collect(Collectors.toSet());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException(who + " needs column '" + c + "', frame has "
            + have);
      }
    }
  }

  /** Field names of a schema. */
  public static String[] names(StructType s) {
    return Arrays.stream(s.fields()).map(StructField::name).toArray(String[]::new);
  }
}
