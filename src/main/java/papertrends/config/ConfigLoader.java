package papertrends.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the effective configuration: reference.conf, then the --config file, then --set pairs;
 * validates types against the reference and refuses unknown keys.
 */
public final class ConfigLoader {
  /** Subtrees whose keys are free-form (Spark properties), so unknown keys are allowed there. */
  private static final Set<String> OPEN_PREFIXES = Set.of("papertrends.spark.conf.");

  private ConfigLoader() {}

  /** The merged, resolved and validated configuration. Throws UsageException on any problem. */
  public static Config load(String configFile, List<String> sets) {
    Config reference = reference();
    Config user = configFile == null ? ConfigFactory.empty() : parseUserFile(configFile);
    Config overrides = ConfigFactory.empty();
    for (String s : sets == null ? List.<String>of() : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new UsageException("--set needs key=value, got: " + s);
      }
      String key = s.substring(0, eq).trim();
      String value = s.substring(eq + 1);
      if (!key.startsWith("papertrends.")) {
        key = "papertrends." + key;
      }
      overrides = parseOverride(key, value).withFallback(overrides);
    }
    return check(overrides.withFallback(user), reference);
  }

  /** A resolved config (a shipped {@link ConfigPayload}'s) checked against the reference. */
  static Settings validated(Config resolved) {
    return Settings.from(check(resolved, reference()));
  }

  private static Config reference() {
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(),
        "reference.conf", ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * The config file: a local file (its includes relative to it), or any Hadoop URI (hdfs://,
   * s3a://, …) so a driver on a cluster node can read a config kept on shared storage.
   */
  private static Config parseUserFile(String configFile) {
    if (!ConfigFiles.isFile(configFile)) {
      throw new UsageException("config file not found: " + configFile);
    }
    try {
      if (ConfigFiles.isRemote(configFile)) {
        return ConfigFactory.parseString(ConfigFiles.read(configFile),
            ConfigParseOptions.defaults().setOriginDescription(configFile));
      }
      return ConfigFactory.parseFile(new File(configFile),
          ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException | java.io.IOException e) {
      throw new UsageException("cannot read config " + configFile + ": " + e.getMessage());
    }
  }

  /** Merges the user's part over the reference, resolves it and checks keys and types. */
  private static Config check(Config userPart, Config reference) {
    Config merged;
    try {
      merged = userPart.withFallback(reference)
          .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(false));
    } catch (ConfigException e) {
      throw new UsageException("bad config: " + oneLine(e.getMessage()));
    }
    Config resolvedReference = reference.resolve();
    for (Map.Entry<String, ConfigValue> e : userPart.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("papertrends.") || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
        continue;
      }
      if (!reference.hasPathOrNull(key)) {
        throw new UsageException("unknown config key: " + key
            + " (every key is listed in reference.conf)");
      }
    }
    try {
      merged.checkValid(resolvedReference, "papertrends");
    } catch (ConfigException.ValidationFailed e) {
      StringBuilder msg = new StringBuilder("bad config:");
      e.problems().forEach(p -> msg.append(' ').append(p.path()).append(": ")
          .append(oneLine(p.problem())).append(';'));
      throw new UsageException(msg.substring(0, msg.length() - 1));
    }
    return merged;
  }

  private static Config parseOverride(String key, String value) {
    try {
      Config c = ConfigFactory.parseString(key + " = " + value);
      if (c.hasPath(key)) {
        return c;
      }
    } catch (ConfigException ignored) {
      // not HOCON: taken as a plain string below
    }
    return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
