package papertrends.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;

/**
 * Builds the one SparkSession of a job. A setting the user gave (spark-submit --conf,
 * spark-defaults.conf, papertrends.spark.conf) wins over PaperTrends' defaults; only what
 * PaperTrends cannot work without is forced: Delta's SQL extension (added to the user's list)
 * and, when the user named no spark_catalog, Delta's catalog (docs/deploy.md lists both).
 */
public final class Sessions {
  private Sessions() {}

  static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
  static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  /** A session for a job; the master comes from spark-submit, else from the config. */
  public static SparkSession create(String jobName, Settings settings) {
    SparkConf user = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName("papertrends " + jobName);
    String master = user.contains("spark.master") ? user.get("spark.master")
        : settings.spark().master();
    if (!user.contains("spark.master")) {
      b.master(master);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    if (master.startsWith("local")) {
      defaults.put("spark.ui.enabled", "false");
    }
    if (master.startsWith("local") || master.contains("127.0.0.1")) {
      defaults.put("spark.driver.host", "127.0.0.1");
    }
    defaults.putAll(defaults(settings.warehouse(), settings.spark().shufflePartitions()));
    defaults.putAll(settings.spark().conf());
    apply(b, user, defaults);
    return b.getOrCreate();
  }

  /**
   * PaperTrends' defaults: each is set only when the user did not set it. Delta tables are read
   * by path, so no metastore is needed (in-memory catalog, nothing in the working directory).
   */
  public static Map<String, String> defaults(String warehouse, int shufflePartitions) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("spark.sql.catalogImplementation", "in-memory");
    d.put("spark.sql.warehouse.dir", warehouse + "/catalog");
    d.put("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions));
    // Delta rebuilds a table's state with 50 partitions by default: most of the time of a
    // small MERGE on a few cores. The warehouse's tables hold few files, so few partitions.
    d.put("spark.databricks.delta.snapshotPartitions", String.valueOf(shufflePartitions));
    d.put("spark.sql.session.timeZone", "UTC");
    d.put("spark.sql.ansi.enabled", "false");
    d.put("spark.databricks.delta.schema.autoMerge.enabled", "false");
    d.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    return d;
  }

  /**
   * Sets the defaults the user left unset, then what PaperTrends needs whatever the user set:
   * Delta's extension appended to spark.sql.extensions, Delta's catalog when none is named.
   */
  public static void apply(SparkSession.Builder b, SparkConf user, Map<String, String> defaults) {
    defaults.forEach((k, v) -> {
      if (!user.contains(k)) {
        b.config(k, v);
      }
    });
    b.config("spark.sql.extensions", withDelta(user.get("spark.sql.extensions", "")));
    if (!user.contains("spark.sql.catalog.spark_catalog")) {
      b.config("spark.sql.catalog.spark_catalog", DELTA_CATALOG);
    }
  }

  /** A spark.sql.extensions list with Delta's extension in it. */
  static String withDelta(String extensions) {
    if (Arrays.stream(extensions.split(",")).map(String::trim)
        .anyMatch(DELTA_EXTENSION::equals)) {
      return extensions;
    }
    return Arrays.stream((extensions + "," + DELTA_EXTENSION).split(",")).map(String::trim)
        .filter(x -> !x.isEmpty()).collect(Collectors.joining(","));
  }
}
