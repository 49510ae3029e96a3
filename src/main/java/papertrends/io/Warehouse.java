package papertrends.io;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;

/**
 * The warehouse, a Hadoop URI (a plain path, file:, hdfs://, s3a://, abfss://, gs://): Delta
 * tables under tables/NAME, models under models/, exports under exports/, the report under
 * report/. All table reads and writes go through here; other files through {@link #storage()}.
 */
public final class Warehouse {
  private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);

  private final SparkSession spark;
  private final String root;
  private final Storage storage;
  private final Settings.RetentionSettings retention;

  public Warehouse(SparkSession spark, String root, Settings.RetentionSettings retention) {
    this.spark = spark;
    this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
    this.root = trimSlash(storage.qualify(root));
    this.retention = retention;
  }

  public Warehouse(SparkSession spark, Settings settings) {
    this(spark, settings.warehouse(), settings.retention());
  }

  public SparkSession spark() {
    return spark;
  }

  /** The warehouse's fully qualified URI (file:/…, hdfs://host:port/…, s3a://bucket/…). */
  public String root() {
    return root;
  }

  /** Files of the warehouse's file system (models, exports, the report). */
  public Storage storage() {
    return storage;
  }

  /** A URI under the warehouse: root/a/b/… */
  public String path(String... parts) {
    StringBuilder b = new StringBuilder(root);
    for (String p : parts) {
      b.append('/').append(p);
    }
    return b.toString();
  }

  private static String trimSlash(String uri) {
    return uri.length() > 1 && uri.endsWith("/") && !uri.endsWith(":/") && !uri.endsWith("//")
        ? uri.substring(0, uri.length() - 1) : uri;
  }

  /** Folder of the Delta tables. */
  public String tablesDir() {
    return path("tables");
  }

  /** Folder of a table. */
  public String tablePath(String name) {
    return path("tables", name);
  }

  public String modelsDir() {
    return path("models");
  }

  public String exportsDir() {
    return path("exports");
  }

  public String reportDir() {
    return path("report");
  }

  /** Names of the folders under tables/ that hold a Delta table, sorted. */
  public List<String> tableNames() {
    List<String> out = new ArrayList<>();
    for (String t : storage.subfolders(tablesDir())) {
      if (storage.isDirectory(tablePath(t) + "/_delta_log")) {
        out.add(t);
      }
    }
    return out;
  }

  /** True when the table exists as a Delta table. */
  public boolean exists(String name) {
    return DeltaTable.isDeltaTable(spark, tablePath(name));
  }

  /**
   * Creates the table with its contract schema when missing and returns once it reads, safe to
   * race through Delta itself: two jobs creating the same table both run Delta's
   * create-if-absent; one commits version 0, the other sees Delta's concurrent-create errors
   * and waits until the winner's table reads (see {@link DeltaCommits#createAndWait}).
   *
   * @return true when the table did not exist before this call (it holds no rows of a run that
   *     is writing to it for the first time)
   */
  public boolean ensure(String name) {
    StructType schema = Tables.ALL.get(name);
    if (schema == null) {
      throw new IllegalArgumentException("unknown table " + name);
    }
    if (exists(name)) {
      return false;
    }
    String path = tablePath(name);
    if (!Storage.isObjectStore(path) && storage().exists(path) && !storage().isDirectory(path)) {
      // not a writer creating it (that would be a folder): nothing to wait for
      throw new IllegalStateException("cannot create table " + name + ": " + path
          + " is a file, not a folder; move it out of the warehouse");
    }
    DeltaCommits.createAndWait(name, tablePath(name), () -> {
      if (!exists(name)) {
        create(name, schema);
      }
    }, () -> DeltaTable.forPath(spark, tablePath(name)).history(1).count());
    return true;
  }

  private void create(String name, StructType schema) {
    DeltaTable.createIfNotExists(spark)
        .location(tablePath(name))
        .addColumns(schema)
        .property("delta.logRetentionDuration", retention.log())
        .property("delta.deletedFileRetentionDuration", retention.deletedFiles())
        .property("delta.appendOnly", "false")
        .execute();
  }

  /** The current version of a table's contents (empty, with its schema, when it is missing). */
  public Dataset<Row> read(String name) {
    if (!exists(name)) {
      return spark.createDataFrame(java.util.List.of(), Tables.ALL.get(name));
    }
    try {
      return spark.read().format("delta").load(tablePath(name));
    } catch (Exception e) {
      // A concurrent writer has started creating the table but not committed its first
      // version yet: there is nothing to read.
      if (DeltaCommits.isMidCreation(e)) {
        return spark.createDataFrame(java.util.List.of(), Tables.ALL.get(name));
      }
      throw DeltaCommits.unchecked(e);
    }
  }

  /** A table as it was at a Delta version (time travel). */
  public Dataset<Row> readVersion(String name, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(tablePath(name));
  }

  /** The latest Delta version of a table, or -1 when it does not exist. */
  public long version(String name) {
    if (!exists(name)) {
      return -1;
    }
    Row r = DeltaTable.forPath(spark, tablePath(name)).history(1).select("version").first();
    return r.getLong(0);
  }

  public DeltaTable delta(String name) {
    ensure(name);
    return DeltaTable.forPath(spark, tablePath(name));
  }

  /** Appends rows in one Delta commit; columns are matched by name to the contract schema. */
  public void append(String name, Dataset<Row> rows) {
    ensure(name);
    Dataset<Row> aligned = Frames.conform(rows, Tables.ALL.get(name), name);
    DeltaCommits.withRetries("append " + name, 5, () -> {
      aligned.write().format("delta").mode("append").save(tablePath(name));
      return null;
    });
  }

  /**
   * Adds the contract columns a table written by an older version lacks (ALTER TABLE … ADD
   * COLUMNS; rows written before read null there).
   */
  public void addMissingColumns(String name) {
    if (!exists(name)) {
      return;
    }
    java.util.Set<String> have = java.util.Set.of(read(name).columns());
    java.util.List<String> missing = java.util.Arrays.stream(Tables.ALL.get(name).fields())
        .filter(f -> !have.contains(f.name()))
        .map(f -> "`" + f.name() + "` " + f.dataType().sql()).toList();
    if (missing.isEmpty()) {
      return;
    }
    LOG.info("{}: adding the columns {} of this version", name, missing);
    DeltaCommits.withRetries("add columns to " + name, 5, () -> spark.sql("ALTER TABLE delta.`"
        + tablePath(name).replace("`", "``") + "` ADD COLUMNS (" + String.join(", ", missing)
        + ")"));
  }

  /** Table name → Delta version, for recording the inputs of a run. */
  public Map<String, Long> versions(String... names) {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (String n : names) {
      m.put(n, version(n));
    }
    return m;
  }

  /**
   * Replaces one run's rows of a run-keyed table in one Delta commit (replaceWhere on run_id),
   * so a stage rerun under the same run id is idempotent and other runs' rows stay untouched.
   */
  public void replaceRun(String name, String runId, Dataset<Row> rows) {
    boolean created = ensure(name);
    Dataset<Row> aligned = Frames.conform(rows, Tables.ALL.get(name), name);
    String cond = "run_id = '" + runId.replace("'", "''") + "'";
    DeltaCommits.withRetries("write " + name, 5, () -> {
      if (created) {
        // a table created just now holds no rows of this run: a blind append, without the
        // replaceWhere's scan of the table's files and its check of every written row
        aligned.write().format("delta").mode("append").save(tablePath(name));
        return null;
      }
      // mergeSchema: a table written by an older version gains the columns added since
      aligned.write().format("delta").mode("overwrite").option("replaceWhere", cond)
          .option("mergeSchema", "true").save(tablePath(name));
      return null;
    });
  }

  /** Folder of a run's saved models: models/RUN_ID. */
  public String modelDir(String runId) {
    return path("models", runId);
  }

  /** Folder of Spark checkpoints (EM LDA; the online LDA fit's passes on a cluster). */
  public String checkpointsDir() {
    return path("checkpoints");
  }
}
