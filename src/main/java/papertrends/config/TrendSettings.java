package papertrends.config;

import com.typesafe.config.Config;
import java.util.Set;

/** Settings of the trends stage (papertrends.trends). groupBy is null for no groups. */
public record TrendSettings(String granularity, String groupBy) {
  static final Set<String> GRANULARITIES = Set.of("day", "week", "month", "quarter", "year");
  static final Set<String> GROUP_BY = Set.of("none", "category", "source");

  static TrendSettings from(Config c) {
    String g = c.getString("granularity");
    if (!GRANULARITIES.contains(g)) {
      throw new UsageException("papertrends.trends.granularity must be one of " + GRANULARITIES
          + ", got " + g);
    }
    String by = c.getIsNull("group-by") ? "none" : c.getString("group-by");
    if (!GROUP_BY.contains(by)) {
      throw new UsageException("papertrends.trends.group-by must be one of " + GROUP_BY
          + ", got " + by);
    }
    return new TrendSettings(g, by.equals("none") ? null : by);
  }
}
