package papertrends.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the analysis runs' lifecycle (papertrends.runs): how often a working driver
 * writes its heartbeat, when a silent run counts as dead, how often a stage may be tried, and
 * whether chained features write their tables behind the topics fit.
 */
public record RunSettings(Duration heartbeatEvery, Duration deadAfter, int maxAttempts,
    boolean writeBehind) {
  static RunSettings from(Config c) {
    Duration every = c.getDuration("heartbeat-every");
    Duration dead = c.getDuration("dead-after");
    int attempts = c.getInt("max-attempts");
    if (every.isNegative() || every.isZero() || dead.compareTo(every) <= 0 || attempts < 1) {
      throw new UsageException("papertrends.runs: heartbeat-every must be > 0, dead-after"
          + " longer than heartbeat-every, and max-attempts >= 1");
    }
    return new RunSettings(every, dead, attempts, c.getBoolean("write-behind"));
  }
}
