package papertrends.cli;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** --config and --set, shared by every job. */
public class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (default: conf/local.conf of the project, when present).")
  String config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config key, applied last; repeatable "
          + "(the papertrends. prefix may be left out).")
  List<String> sets = new ArrayList<>();

  /** The config file to read: --config, else $PAPERTRENDS_HOME/conf/local.conf when present. */
  public String configFile() {
    if (config != null) {
      return config;
    }
    String home = System.getenv("PAPERTRENDS_HOME");
    File f = new File(home == null ? "." : home, "conf/local.conf");
    return home != null && f.isFile() ? f.getPath() : null;
  }

  public List<String> sets() {
    return sets;
  }
}
