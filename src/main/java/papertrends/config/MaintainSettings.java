package papertrends.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * Settings of table upkeep (papertrends.maintain): the VACUUM retention, how many days of runs
 * keep their rows, run ids that are never pruned, and how many tables are kept up at once.
 */
public record MaintainSettings(Duration retention, int keepRunsDays, List<String> keep,
    int parallelism) {
  /** Delta's own VACUUM safety minimum (its default deletedFileRetentionDuration). */
  public static final Duration DELTA_SAFETY = Duration.ofHours(168);

  static MaintainSettings from(Config c) {
    Duration retention = c.getDuration("retention");
    int days = c.getInt("keep-runs-days");
    if (retention.isNegative() || days < 0) {
      throw new UsageException("papertrends.maintain: retention and keep-runs-days must be"
          + " >= 0, got " + c.getString("retention") + " and " + days);
    }
    int parallelism = c.getInt("parallelism");
    if (parallelism < 1) {
      throw new UsageException("papertrends.maintain.parallelism must be >= 1, got "
          + parallelism);
    }
    return new MaintainSettings(retention, days, List.copyOf(c.getStringList("keep")),
        parallelism);
  }

  /** True when the retention is below Delta's safety minimum (the user asked for it). */
  public boolean belowSafety() {
    return retention.compareTo(DELTA_SAFETY) < 0;
  }
}
