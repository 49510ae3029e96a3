package papertrends.config;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * Settings of the trends stage (papertrends.trends). groupBy is null for no groups.
 *
 * @param minPeriodDocs a period (of a group) with fewer papers is flagged low_volume and left
 *     out of z-scores and slopes
 * @param zscoreWindow trailing periods the z-score of a topic share is measured against
 * @param slopeWindow periods (ending at the current one) of the share regression behind trend
 * @param minSlopePeriods fewer usable periods in the slope window: trend stays steady
 * @param significance p-value below which a slope makes a topic hot or cold
 * @param backgroundWindow trailing periods that form a term's log-odds background
 * @param priorScale Dirichlet prior of the log-odds ratio: this times the term's corpus count
 * @param risingZ log_odds_z at or above which a term is rising
 * @param minRisingDocs a rising term needs at least this many papers in the period
 * @param minTermDocs terms in fewer papers (of the group, whole corpus) get no term_trends rows
 * @param autoMaxPeriods granularity auto: the finest granularity giving at most this many periods
 * @param autoMinPeriodDocs granularity auto: and whose latest periods hold on average at least
 *     this many papers
 */
public record TrendSettings(String granularity, String groupBy, int minPeriodDocs,
    int zscoreWindow, int slopeWindow, int minSlopePeriods, double significance,
    int backgroundWindow, double priorScale, double risingZ, int minRisingDocs,
    int minTermDocs, int autoMaxPeriods, int autoMinPeriodDocs) {
  /** Granularity picked from the run's dates ({@code trends.Periods#autoGranularity}). */
  public static final String AUTO = "auto";
  static final Set<String> GRANULARITIES = Set.of(AUTO, "day", "week", "month", "quarter",
      "year");
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
    TrendSettings s = new TrendSettings(g, by.equals("none") ? null : by,
        c.getInt("min-period-docs"), c.getInt("zscore-window"), c.getInt("slope-window"),
        c.getInt("min-slope-periods"), c.getDouble("significance"),
        c.getInt("background-window"), c.getDouble("prior-scale"), c.getDouble("rising-z"),
        c.getInt("min-rising-docs"), c.getInt("min-term-docs"), c.getInt("auto-max-periods"),
        c.getInt("auto-min-period-docs"));
    positive("zscore-window", s.zscoreWindow);
    positive("slope-window", s.slopeWindow);
    positive("background-window", s.backgroundWindow);
    positive("min-term-docs", s.minTermDocs);
    positive("auto-max-periods", s.autoMaxPeriods);
    positive("auto-min-period-docs", s.autoMinPeriodDocs);
    if (s.minSlopePeriods < 3) {
      throw new UsageException("papertrends.trends.min-slope-periods must be at least 3, got "
          + s.minSlopePeriods);
    }
    if (s.significance <= 0 || s.significance >= 1) {
      throw new UsageException("papertrends.trends.significance must be in (0, 1), got "
          + s.significance);
    }
    if (s.priorScale <= 0) {
      throw new UsageException("papertrends.trends.prior-scale must be > 0, got "
          + s.priorScale);
    }
    return s;
  }

  private static void positive(String key, int v) {
    if (v < 1) {
      throw new UsageException("papertrends.trends." + key + " must be at least 1, got " + v);
    }
  }
}
