package papertrends.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Compares two tables value for value: the same rows (ignoring the given columns, such as run
 * ids and timestamps), doubles equal within a tolerance, in any row order.
 */
public final class TableAssert {
  private TableAssert() {}

  /** Asserts both frames hold the same rows; returns the number of rows compared. */
  public static int assertSameRows(String what, Dataset<Row> expected, Dataset<Row> actual,
      Set<String> ignore, double tolerance) {
    String[] cols = Arrays.stream(expected.columns()).filter(c -> !ignore.contains(c))
        .toArray(String[]::new);
    List<Row> e = sorted(expected, cols);
    List<Row> a = sorted(actual, cols);
    assertEquals(e.size(), a.size(), what + ": row count");
    StructField[] fields = expected.select(columns(cols)).schema().fields();
    for (int i = 0; i < e.size(); i++) {
      for (int c = 0; c < cols.length; c++) {
        Object x = e.get(i).get(c);
        Object y = a.get(i).get(c);
        if (!same(x, y, fields[c].dataType(), tolerance)) {
          fail(what + ": row " + i + " column " + cols[c] + ": expected " + x + " but was " + y
              + "\n expected row " + e.get(i) + "\n actual row   " + a.get(i));
        }
      }
    }
    return e.size();
  }

  private static Column[] columns(String[] cols) {
    return Arrays.stream(cols).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** Rows sorted by their non-floating columns (then by the rounded floating ones). */
  private static List<Row> sorted(Dataset<Row> df, String[] cols) {
    Dataset<Row> s = df.select(columns(cols));
    StructField[] f = s.schema().fields();
    List<Row> rows = new ArrayList<>(s.collectAsList());
    Comparator<Row> cmp = (r1, r2) -> 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < f.length; i++) {
        final int idx = i;
        boolean floating = isFloating(f[i].dataType());
        if ((pass == 0) == floating) {
          continue;
        }
        cmp = cmp.thenComparing(r -> key(r.get(idx), floating),
            Comparator.nullsFirst(Comparator.naturalOrder()));
      }
    }
    rows.sort(cmp);
    return rows;
  }

  private static String key(Object v, boolean floating) {
    if (v == null) {
      return null;
    }
    if (floating) {
      return String.format(java.util.Locale.ROOT, "%+020.6f", ((Number) v).doubleValue());
    }
    return v.toString();
  }

  private static boolean isFloating(DataType t) {
    return t.equals(DataTypes.DoubleType) || t.equals(DataTypes.FloatType);
  }

  private static boolean same(Object x, Object y, DataType t, double tol) {
    if (x == null || y == null) {
      return x == y;
    }
    if (x instanceof Number nx && y instanceof Number ny && isFloating(t)) {
      double a = nx.doubleValue();
      double b = ny.doubleValue();
      return (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) <= tol;
    }
    if (x instanceof scala.collection.Seq<?> sx && y instanceof scala.collection.Seq<?> sy) {
      List<?> lx = scala.jdk.javaapi.CollectionConverters.asJava(sx);
      List<?> ly = scala.jdk.javaapi.CollectionConverters.asJava(sy);
      if (lx.size() != ly.size()) {
        return false;
      }
      for (int i = 0; i < lx.size(); i++) {
        Object a = lx.get(i);
        Object b = ly.get(i);
        if (a instanceof Double da && b instanceof Double db) {
          if (Math.abs(da - db) > tol) {
            return false;
          }
        } else if (!java.util.Objects.equals(a, b)) {
          return false;
        }
      }
      return true;
    }
    return x.equals(y);
  }
}
