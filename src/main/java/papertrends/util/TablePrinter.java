package papertrends.util;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a result as an aligned text table or as CSV (RFC 4180 quoting). */
public final class TablePrinter {
  private TablePrinter() {}

  /** Prints up to limit rows of a frame, as CSV or as an aligned text table. */
  public static void print(Dataset<Row> df, int limit, boolean csv, PrintStream out) {
    if (csv) {
      printCsv(df, limit, out);
      return;
    }
    String[] cols = df.columns();
    List<Row> rows = df.limit(limit + 1).collectAsList();
    boolean more = rows.size() > limit;
    if (more) {
      rows = rows.subList(0, limit);
    }
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows) {
      String[] c = new String[cols.length];
      for (int i = 0; i < cols.length; i++) {
        c[i] = format(r.get(i));
      }
      cells.add(c);
    }
    int[] w = new int[cols.length];
    for (int i = 0; i < cols.length; i++) {
      w[i] = cols[i].length();
      for (String[] c : cells) {
        w[i] = Math.min(80, Math.max(w[i], c[i] == null ? 4 : c[i].length()));
      }
    }
    out.println(line(cols, w));
    StringBuilder sep = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      sep.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
    }
    out.println(sep);
    for (String[] c : cells) {
      out.println(line(c, w));
    }
    out.println("(" + cells.size() + " row" + (cells.size() == 1 ? "" : "s")
        + (more ? ", more not shown: --limit" : "") + ")");
  }

  /**
   * Prints a frame as CSV, a header line then up to limit rows, streamed partition by partition
   * (the driver never holds the whole result), so an export through `sql --csv` loses no row.
   */
  public static long printCsv(Dataset<Row> df, long limit, PrintStream out) {
    String[] cols = df.columns();
    out.println(csvLine(cols));
    Dataset<Row> rows = limit == Long.MAX_VALUE ? df : df.limit((int) Math.min(limit, Integer.MAX_VALUE));
    long n = 0;
    java.util.Iterator<Row> it = rows.toLocalIterator();
    String[] c = new String[cols.length];
    while (it.hasNext() && n < limit) {
      Row r = it.next();
      for (int i = 0; i < cols.length; i++) {
        c[i] = format(r.get(i));
      }
      out.println(csvLine(c));
      n++;
    }
    return n;
  }

  private static String line(String[] c, int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      String v = c[i] == null ? "null" : c[i].replace('\n', ' ');
      if (v.length() > w[i]) {
        v = v.substring(0, w[i] - 1) + "…";
      }
      b.append(i == 0 ? "" : " | ").append(v).append(" ".repeat(w[i] - v.length()));
    }
    return b.toString().stripTrailing();
  }

  private static String csvLine(String[] c) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = c[i];
      if (v == null) {
        continue;
      }
      if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }

  /** Text of a value: arrays as [a, b], nulls as null. */
  static String format(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      List<String> parts = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(x -> parts.add(format(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString()
          : new java.math.BigDecimal(d).round(new java.math.MathContext(10)).stripTrailingZeros()
              .toPlainString();
    }
    return v.toString();
  }
}
