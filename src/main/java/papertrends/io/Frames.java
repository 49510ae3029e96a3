package papertrends.io;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
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

  /**
   * Selects the schema's columns in order, cast to their types. A column the schema has and
   * the frame lacks (missing, or misspelt) fails, naming it and the frame's columns the schema
   * does not know, instead of being written as null.
   */
  public static Dataset<Row> conform(Dataset<Row> df, StructType schema, String what) {
    Set<String> have = Arrays.stream(df.columns()).collect(Collectors.toSet());
    List<String> missing = Arrays.stream(schema.fieldNames()).filter(n -> !have.contains(n))
        .toList();
    if (!missing.isEmpty()) {
      Set<String> known = Set.of(schema.fieldNames());
      List<String> unknown = Arrays.stream(df.columns()).filter(c -> !known.contains(c))
          .toList();
      throw new IllegalArgumentException(what + ": missing column" + (missing.size() > 1
          ? "s " : " ") + String.join(", ", missing) + (unknown.isEmpty() ? ""
          : " (the rows have " + String.join(", ", unknown) + ", which " + what
          + " does not know: misspelt?)"));
    }
    Column[] cols = Arrays.stream(schema.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
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
