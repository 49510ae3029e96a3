package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the standalone cluster of jobs/cluster (papertrends.cluster). */
public record ClusterSettings(String host, int masterPort, int workers, int workerCores,
    String workerMemory) {
  static ClusterSettings from(Config c) {
    return new ClusterSettings(c.getString("host"), c.getInt("master-port"), c.getInt("workers"),
        c.getInt("worker-cores"), c.getString("worker-memory"));
  }
}
