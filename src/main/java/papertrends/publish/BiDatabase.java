package papertrends.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import papertrends.config.BiSettings;
import org.apache.hadoop.fs.Path;
import papertrends.config.UsageException;
import papertrends.io.LatestViews;
import papertrends.io.Storage;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * The DuckDB file for BI tools, {@code <warehouse>/exports/papertrends.duckdb}: every export as a
 * table (the gold tables with every exported run's rows, papers, model_runs) and the latest_*
 * views. The export files are copied to a local temporary folder through Hadoop FileSystem (the
 * warehouse may be hdfs:// or s3a://), DuckDB builds the file there, and the finished file
 * replaces the warehouse's one whole (Storage.copy). No java.nio: the scratch folder is a
 * file: URI under java.io.tmpdir, handled through Storage as well. DuckDB's JDBC driver is not in the
 * application jar: it is looked up on the class path when the file is built.
 */
public final class BiDatabase {
  /** Name of the file under exports/. */
  public static final String FILE = "papertrends.duckdb";
  /** The DuckDB JDBC driver class. */
  static final String DRIVER = "org.duckdb.DuckDBDriver";

  /** What a build wrote: the file's URI and size, rows per table, the views. */
  public record Result(String uri, long bytes, Map<String, Long> tables, List<String> views) {
    public String counts() {
      return tables.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
          .collect(Collectors.joining(", ")) + " rows; " + views.size() + " views; "
          + bytes + " bytes";
    }
  }

  private BiDatabase() {}

  /** True when DuckDB's JDBC driver is on the class path. */
  public static boolean driverAvailable() {
    try {
      Class.forName(DRIVER, false, BiDatabase.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** One line saying the driver is missing and how to add it. */
  public static String driverMissing() {
    return "the DuckDB JDBC driver (org.duckdb:duckdb_jdbc) is not on the class path: the"
        + " launcher adds it from the project's Maven dependencies or from lib/bi/ (or set"
        + " PAPERTRENDS_BI_CLASSPATH to its jar); see docs/bi.md";
  }

  /** The file's URI in a warehouse. */
  public static String uri(Warehouse w) {
    return w.path("exports", FILE);
  }

  /**
   * True when the file is missing or older than the newest export of model_runs (which every
   * publish rewrites last among the exports), so it needs building.
   */
  public static boolean stale(Warehouse w) {
    String runs = RunExports.latestDir(w, Tables.MODEL_RUNS) + "/" + Tables.MODEL_RUNS
        + ".parquet";
    Storage s = w.storage();
    if (!s.exists(uri(w))) {
      return s.exists(runs);
    }
    return s.exists(runs) && modified(s, runs) > modified(s, uri(w));
  }

  private static long modified(Storage s, String uri) {
    try {
      return s.fs(uri).getFileStatus(new Path(uri)).getModificationTime();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Builds the file from the warehouse's exports and replaces {@code exports/papertrends.duckdb}
   * with it. latestRunSql gives the SQL of the latest run's id, given the name of model_runs.
   */
  public static Result build(Warehouse w, BiSettings settings, UnaryOperator<String> latestRunSql)
      throws IOException {
    if (!driverAvailable()) {
      throw new UsageException(driverMissing());
    }
    Map<String, List<String>> sources = exportFiles(w);
    if (!sources.containsKey(Tables.MODEL_RUNS)) {
      throw new UsageException("no exports in " + w.exportsDir() + " yet: publish a run first"
          + " (with papertrends.publish.exports on)");
    }
    // DuckDB can only build its file on a local disk: a scratch folder under the driver's
    // java.io.tmpdir, made and removed through Storage (Hadoop's local file system) like the
    // warehouse; the exports are copied in, the finished file is copied out whole.
    String scratch = new Path("file", null, System.getProperty("java.io.tmpdir")
        + "/papertrends-bi-" + UUID.randomUUID()).toString();
    try {
      w.storage().mkdirs(scratch);
      Map<String, List<String>> local = copyLocal(w.storage(), sources, scratch);
      String db = scratch + "/" + FILE;
      Map<String, Long> rows = new LinkedHashMap<>();
      List<String> views = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + localPath(db))) {
        exec(c, "SET memory_limit = '" + settings.memoryLimit() + "'");
        exec(c, "SET threads = " + settings.threads());
        for (Map.Entry<String, List<String>> e : local.entrySet()) {
          rows.put(e.getKey(), createTable(c, e.getKey(), e.getValue()));
        }
        views.addAll(createViews(c, rows.keySet(), latestRunSql.apply(Tables.MODEL_RUNS)));
        exec(c, "CHECKPOINT");
      } catch (SQLException e) {
        throw new IOException("DuckDB could not build " + FILE + ": " + e.getMessage(), e);
      }
      String target = uri(w);
      w.storage().copy(db, target);
      return new Result(target, w.storage().size(target), rows, views);
    } finally {
      w.storage().delete(scratch);
    }
  }

  /** The Parquet export files per table: every run_id= folder of a gold table, and the rest. */
  static Map<String, List<String>> exportFiles(Warehouse w) {
    Storage s = w.storage();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String table : RunExports.RUN_TABLES) {
      List<String> files = new ArrayList<>();
      for (String run : s.subfolders(RunExports.latestDir(w, table))) {
        String f = RunExports.latestDir(w, table) + "/" + run + "/" + table + ".parquet";
        if (run.startsWith("run_id=") && s.exists(f)) {
          files.add(f);
        }
      }
      if (!files.isEmpty()) {
        out.put(table, files);
      }
    }
    for (String table : List.of(Tables.PAPERS, Tables.MODEL_RUNS)) {
      String f = RunExports.latestDir(w, table) + "/" + table + ".parquet";
      if (s.exists(f)) {
        out.put(table, List.of(f));
      }
    }
    return out;
  }

  /** Copies each table's export files into the scratch folder; their URIs there per table. */
  private static Map<String, List<String>> copyLocal(Storage s, Map<String, List<String>> sources,
      String dir) throws IOException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : sources.entrySet()) {
      List<String> files = new ArrayList<>();
      for (String f : e.getValue()) {
        String local = dir + "/" + e.getKey() + "/" + files.size() + ".parquet";
        s.copy(f, local); // Storage makes the folder
        files.add(local);
      }
      out.put(e.getKey(), files);
    }
    return out;
  }

  /** The local path of a file: URI of the scratch folder, as DuckDB opens it. */
  private static String localPath(String fileUri) {
    return new Path(fileUri).toUri().getPath();
  }

  /** Creates the table from its files (columns matched by name across runs); returns its rows. */
  private static long createTable(Connection c, String table, List<String> files)
      throws SQLException {
    String list = files.stream().map(f -> "'" + localPath(f).replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]"));
    exec(c, "CREATE TABLE " + table + " AS SELECT * FROM read_parquet(" + list
        + ", union_by_name = true)");
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * latest_X for every run-keyed table there, and latest_run: the same rule as Spark's views.
   * Labels are the exports' (curated ones applied when the run was published).
   */
  private static List<String> createViews(Connection c, Set<String> tables,
      String latestRun) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String t : LatestViews.RUN_TABLES) {
      if (tables.contains(t)) {
        exec(c, "CREATE VIEW latest_" + t + " AS " + LatestViews.select(t, t, null, latestRun));
        out.add("latest_" + t);
      }
    }
    exec(c, "CREATE VIEW latest_run AS SELECT * FROM " + Tables.MODEL_RUNS + " WHERE run_id = "
        + latestRun);
    out.add("latest_run");
    return out;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
