package papertrends.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * What publish writes: exports, the report, and how much the report shows at most.
 *
 * @param reportLimits publish.report-limits in the order of publish.Report.Limits
 */
public record PublishSettings(boolean exports, boolean report, int[] reportLimits) {
  /** The keys of publish.report-limits, in the order of publish.Report.Limits' components. */
  public static final List<String> LIMIT_KEYS = List.of("series-points", "spark-points",
      "chart-series", "top-terms", "papers-per-topic", "rising-terms", "new-terms",
      "latest-periods", "newest-papers", "expanded-cards");

  static PublishSettings from(Config c) {
    int[] limits = new int[LIMIT_KEYS.size()];
    for (int i = 0; i < limits.length; i++) {
      String key = LIMIT_KEYS.get(i);
      limits[i] = c.getInt("report-limits." + key);
      if (limits[i] < 1) {
        throw new UsageException("papertrends.publish.report-limits." + key
            + " must be at least 1, got " + limits[i]);
      }
    }
    return new PublishSettings(c.getBoolean("exports"), c.getBoolean("report"), limits);
  }
}
