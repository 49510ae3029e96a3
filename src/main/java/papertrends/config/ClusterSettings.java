package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the standalone cluster of jobs/cluster (papertrends.cluster). */
public record ClusterSettings(String host, int masterPort, int webuiPort, int workers,
    int workerCores, String workerMemory, String daemonMemory, String stateDir) {
  static ClusterSettings from(Config c) {
    int workers = c.getInt("workers");
    if (workers < 1 || c.getInt("worker-cores") < 1) {
      throw new UsageException("papertrends.cluster.workers and worker-cores must be at least 1");
    }
    return new ClusterSettings(c.getString("host"), c.getInt("master-port"),
        c.getInt("webui-port"), workers, c.getInt("worker-cores"),
        c.getString("worker-memory"), c.getString("daemon-memory"), c.getString("state-dir"));
  }

  /** The master URL jobs submit to. */
  public String masterUrl() {
    return "spark://" + host + ":" + masterPort;
  }
}
