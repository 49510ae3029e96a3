package papertrends.spark;

import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;

/** Builds the one SparkSession of a job, with Delta enabled and no catalog files in the cwd. */
public final class Sessions {
  private Sessions() {}

  /** A session for a job; the master comes from spark-submit, else from the config. */
  public static SparkSession create(String jobName, Settings settings) {
    SparkConf probe = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName("papertrends " + jobName);
    String master = probe.contains("spark.master") ? probe.get("spark.master")
        : settings.spark().master();
    if (!probe.contains("spark.master")) {
      b.master(master);
    }
    if (!probe.contains("spark.ui.enabled") && master.startsWith("local")) {
      b.config("spark.ui.enabled", "false");
    }
    if (!probe.contains("spark.driver.host")
        && (master.startsWith("local") || master.contains("127.0.0.1"))) {
      b.config("spark.driver.host", "127.0.0.1");
    }
    settings.spark().conf().forEach((k, v) -> {
      if (!probe.contains(k)) {
        b.config(k, v);
      }
    });
    applyCommon(b, Path.of(settings.warehouse()), settings.spark().shufflePartitions());
    return b.getOrCreate();
  }

  /** Settings every PaperTrends session needs, tests included. */
  public static void applyCommon(SparkSession.Builder b, Path warehouse, int shufflePartitions) {
    b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog",
            "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.warehouse.dir",
            warehouse.toAbsolutePath().resolve("catalog").toUri().toString())
        .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        // Delta rebuilds a table's state with 50 partitions by default: most of the time of a
        // small MERGE on a few cores. The warehouse's tables hold few files, so few partitions.
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(shufflePartitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
  }
}
