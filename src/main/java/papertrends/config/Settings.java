package papertrends.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective configuration as immutable values: parsed once, after validation; no stage ever
 * sees a Config object.
 */
public record Settings(
    String home,
    String warehouse,
    SparkSettings spark,
    IngestSettings ingest,
    FeatureSettings features,
    TopicSettings topics,
    TrendSettings trends,
    PublishSettings publish,
    BiSettings bi,
    PipelineSettings pipeline,
    RunSettings runs,
    ClusterSettings cluster,
    MaintainSettings maintain,
    RetentionSettings retention,
    String catalogDatabase,
    String json) {

  /** Loads reference.conf, the config file and the --set pairs, validates and converts them. */
  public static Settings load(String configFile, List<String> sets) {
    return from(ConfigLoader.load(configFile, sets));
  }

  /** Converts a validated config. */
  public static Settings from(Config c) {
    try {
      return new Settings(
          c.getString("papertrends.home"),
          c.getString("papertrends.warehouse"),
          SparkSettings.from(c.getConfig("papertrends.spark")),
          IngestSettings.from(c.getConfig("papertrends.ingest")),
          FeatureSettings.from(c.getConfig("papertrends.features")),
          TopicSettings.from(c.getConfig("papertrends.topics")),
          TrendSettings.from(c.getConfig("papertrends.trends")),
          PublishSettings.from(c.getConfig("papertrends.publish")),
          BiSettings.from(c.getConfig("papertrends.bi")),
          PipelineSettings.from(c.getConfig("papertrends.pipeline")),
          RunSettings.from(c.getConfig("papertrends.runs")),
          ClusterSettings.from(c.getConfig("papertrends.cluster")),
          MaintainSettings.from(c.getConfig("papertrends.maintain")),
          RetentionSettings.from(c.getConfig("papertrends.retention")),
          c.getIsNull("papertrends.catalog.database") ? null
              : c.getString("papertrends.catalog.database"),
          c.getConfig("papertrends").root()
              .render(ConfigRenderOptions.concise().setFormatted(false)));
    } catch (com.typesafe.config.ConfigException e) {
      // Messages start with the value's origin ("String: 1:" for --set); the key follows it.
      throw new UsageException("bad config: " + ConfigLoader.oneLine(e.getMessage())
          .replaceFirst("^[^:]*: \\d+: ", "") + " (under papertrends)");
    }
  }

  /**
   * Spark settings: master, driver memory, shuffle partitions, extra properties, and the
   * driver JVM's GC and JIT flags.
   */
  public record SparkSettings(String master, String driverMemory, String deployMode,
      int shufflePartitions, Map<String, String> conf, String driverJvmFlags) {
    static SparkSettings from(Config c) {
      Map<String, String> conf = new LinkedHashMap<>();
      c.getConfig("conf").entrySet().forEach(e ->
          conf.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped())));
      return new SparkSettings(c.getString("master"), c.getString("driver-memory"),
          c.getString("deploy-mode"), c.getInt("shuffle-partitions"), Map.copyOf(conf),
          c.getString("driver-jvm-flags").trim());
    }
  }

  /** Delta retention of table history. */
  public record RetentionSettings(String log, String deletedFiles) {
    static RetentionSettings from(Config c) {
      return new RetentionSettings(c.getString("log"), c.getString("deleted-files"));
    }
  }
}
