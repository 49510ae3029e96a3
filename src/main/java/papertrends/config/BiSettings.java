package papertrends.config;

import com.typesafe.config.Config;

/**
 * The DuckDB file for BI tools (papertrends.bi): whether `pipeline` builds it after publish, and
 * what DuckDB may use while it does.
 */
public record BiSettings(boolean enabled, String memoryLimit, int threads) {
  static BiSettings from(Config c) {
    String memory = c.getString("memory-limit").strip();
    if (!memory.matches("(?i)\\d+(\\.\\d+)?\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)")) {
      throw new UsageException("papertrends.bi.memory-limit must be a size such as 1GB or 512MB,"
          + " got " + memory);
    }
    int threads = c.getInt("threads");
    if (threads < 1) {
      throw new UsageException("papertrends.bi.threads must be at least 1, got " + threads);
    }
    return new BiSettings(c.getBoolean("enabled"), memory, threads);
  }
}
