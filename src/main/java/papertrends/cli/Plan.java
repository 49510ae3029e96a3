package papertrends.cli;

import java.util.ArrayList;
import java.util.List;
import papertrends.config.ClusterSettings;
import papertrends.config.ConfigLoader;
import papertrends.config.ConfigPayload;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import picocli.CommandLine;

/**
 * Run by jobs/papertrends before spark-submit: validates the config (exit 2 with one line when it
 * is bad) and prints the submit settings as shell lines, with, for cluster deploy mode, the
 * resolved config and the local files it names as one payload for the driver.
 */
public final class Plan {
  private Plan() {}

  public static void main(String[] args) {
    if (helpRequested(args)) {
      // usage or version: the launcher prints it with Main, without config or Spark
      System.out.println("PT_HELP=1");
      return;
    }
    String config = null;
    List<String> sets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") && i + 1 < args.length) {
        config = args[++i];
      } else if (a.startsWith("--config=")) {
        config = a.substring("--config=".length());
      } else if (a.equals("--set") && i + 1 < args.length) {
        sets.add(args[++i]);
      } else if (a.startsWith("--set=")) {
        sets.add(a.substring("--set=".length()));
      }
    }
    if (config == null) {
      config = new ConfigOptions().configFile();
    }
    try {
      System.out.print(lines(config, sets));
    } catch (UsageException e) {
      System.err.println("papertrends: " + e.getMessage());
      System.exit(Main.USAGE);
    }
  }

  /** The shell lines of the plan for a config file (null: none) and --set pairs. */
  static String lines(String config, List<String> sets) {
    com.typesafe.config.Config merged = ConfigLoader.load(config, sets);
    Settings s = Settings.from(merged);
    StringBuilder out = new StringBuilder();
    out.append("PT_MASTER=").append(quote(s.spark().master())).append('\n');
    out.append("PT_DRIVER_MEMORY=").append(quote(s.spark().driverMemory())).append('\n');
    out.append("PT_DEPLOY_MODE=").append(quote(s.spark().deployMode())).append('\n');
    out.append("PT_WAREHOUSE=").append(quote(s.warehouse())).append('\n');
    String driverFlags = s.spark().driverJvmFlags();
    out.append("PT_JVM_FLAGS=").append(quote(jvmFlags() + (driverFlags.isEmpty() ? ""
        : " " + driverFlags))).append('\n');
    out.append("PT_DRIVER_JVM_FLAGS=").append(quote(driverFlags)).append('\n');
    ClusterSettings c = s.cluster();
    out.append("PT_CLUSTER_HOST=").append(quote(c.host())).append('\n');
    out.append("PT_CLUSTER_PORT=").append(c.masterPort()).append('\n');
    out.append("PT_CLUSTER_WEBUI_PORT=").append(c.webuiPort()).append('\n');
    out.append("PT_CLUSTER_WORKERS=").append(c.workers()).append('\n');
    out.append("PT_CLUSTER_WORKER_CORES=").append(c.workerCores()).append('\n');
    out.append("PT_CLUSTER_WORKER_MEMORY=").append(quote(c.workerMemory())).append('\n');
    out.append("PT_CLUSTER_DAEMON_MEMORY=").append(quote(c.daemonMemory())).append('\n');
    out.append("PT_CLUSTER_STATE_DIR=").append(quote(c.stateDir())).append('\n');
    // cluster deploy mode: the driver runs on a cluster node, without the files named here
    String submitArgs = String.valueOf(System.getenv("PAPERTRENDS_SUBMIT_ARGS"));
    boolean cluster = s.spark().deployMode().equals("cluster")
        || submitArgs.matches(".*--deploy-mode[= ]+cluster.*");
    out.append("PT_CONFIG_PAYLOAD=").append(quote(cluster ? ConfigPayload.encode(merged) : ""))
        .append('\n');
    out.append("PT_CONF=()\n");
    s.spark().conf().forEach((k, v) ->
        out.append("PT_CONF+=(--conf ").append(quote(k + "=" + v)).append(")\n"));
    return out.toString();
  }

  /** The module flags Spark's launcher adds to every JVM (from Spark itself when present). */
  static String jvmFlags() {
    try {
      return (String) Class.forName("org.apache.spark.launcher.JavaModuleOptions")
          .getMethod("defaultModuleOptions").invoke(null);
    } catch (ReflectiveOperationException e) {
      return "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED";
    }
  }

  /**
   * Whether picocli reads the command line as a request for usage or version help, of the
   * application or of a job. Only real options count: a query such as {@code sql "SELECT … -h …"}
   * is one argument, the QUERY, and runs.
   */
  static boolean helpRequested(String[] args) {
    try {
      for (CommandLine.ParseResult p = new CommandLine(new Main()).parseArgs(args); p != null;
          p = p.subcommand()) {
        if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
          return true;
        }
      }
      return false;
    } catch (CommandLine.ParameterException e) {
      return false; // the job reports the bad usage itself, in one line
    }
  }

  /** Single-quotes a value for bash. */
  static String quote(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }
}
