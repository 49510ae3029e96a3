package papertrends.util;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Hadoop configurations for file access before (or without) a SparkSession. */
public final class HadoopConfs {
  private HadoopConfs() {}

  private static final String PREFIX = "spark.hadoop.";

  /**
   * Hadoop's defaults (core-site.xml, hdfs-site.xml of HADOOP_CONF_DIR on the class path) plus the
   * spark.hadoop.* properties spark-submit gave the driver JVM, as the session's will have.
   */
  public static Configuration submitted() {
    Configuration conf = new Configuration();
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.startsWith(PREFIX)) {
        conf.set(k.substring(PREFIX.length()), String.valueOf(e.getValue()));
      }
    }
    return conf;
  }
}
