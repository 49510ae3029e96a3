package papertrends.trends;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import papertrends.io.Frames;

/**
 * Dates, periods and groups of papers: which period (and group) each paper counts in, and the
 * dense period spine from the corpus's first to its last period.
 */
public final class Periods {
  private Periods() {}

  public static final String PAPER_ID = "paper_id";
  public static final String EVENT_DATE = "event_date";
  public static final String PERIOD_START = "period_start";
  public static final String GROUP_KEY = "group_key";
  /**
   * group_key of the all-groups rows while trends are computed (a value, so joins on group_key
   * match it); {@link #withNullAllGroups} turns it into the null of the tables.
   */
  static final String ALL_GROUPS = "\u0000all";

  /**
   * One row per paper and date it counts at: its published_date; for an undated paper each of
   * its paper_sightings snapshot dates (a trending feed), else its first_seen_date.
   */
  public static Dataset<Row> paperDates(Dataset<Row> papers, Dataset<Row> sightings) {
    Frames.require(papers, "paperDates", PAPER_ID, "published_date", "first_seen_date");
    Frames.require(sightings, "paperDates", PAPER_ID, "snapshot_date");
    Dataset<Row> dated = papers.where(col("published_date").isNotNull())
        .select(col(PAPER_ID), col("published_date").as(EVENT_DATE));
    Dataset<Row> seen = sightings.where(col("snapshot_date").isNotNull())
        .select(col(PAPER_ID), col("snapshot_date")).distinct();
    Dataset<Row> undated = papers.where(col("published_date").isNull())
        .select(PAPER_ID, "first_seen_date")
        .join(seen, new String[] {PAPER_ID}, "left")
        .select(col(PAPER_ID),
            coalesce(col("snapshot_date"), col("first_seen_date")).as(EVENT_DATE));
    return dated.unionByName(undated).where(col(EVENT_DATE).isNotNull());
  }

  /** Adds period_start: the event date truncated to the granularity (weeks start on Monday). */
  public static Dataset<Row> withPeriod(Dataset<Row> dates, String granularity) {
    Frames.require(dates, "withPeriod", EVENT_DATE);
    return dates.withColumn(PERIOD_START,
        to_date(date_trunc(truncUnit(granularity), col(EVENT_DATE).cast(DataTypes.TimestampType))));
  }

  /**
   * Adds group_key: {@link #ALL_GROUPS} for the all-groups rows, plus one row per category (categories
   * exploded) or per source when groupBy is set.
   */
  public static Dataset<Row> withGroups(Dataset<Row> periods, Dataset<Row> papers,
      String groupBy) {
    Dataset<Row> all = periods.select(col(PAPER_ID), col(PERIOD_START),
        lit(ALL_GROUPS).as(GROUP_KEY)).distinct();
    if (groupBy == null) {
      return all;
    }
    Dataset<Row> keys = switch (groupBy) {
      case "category" -> papers.select(col(PAPER_ID), explode_outer(col("categories")).as("k"));
      case "source" -> papers.select(col(PAPER_ID), col("source").as("k"));
      default -> throw new IllegalArgumentException("unknown group-by " + groupBy);
    };
    Dataset<Row> grouped = periods.select(PAPER_ID, PERIOD_START).distinct()
        .join(keys.where(col("k").isNotNull()), PAPER_ID)
        .select(col(PAPER_ID), col(PERIOD_START), col("k").as(GROUP_KEY)).distinct();
    return all.unionByName(grouped);
  }

  /**
   * Every (group_key, period_start) from the corpus's first to its last period, empty periods
   * included, with period_index 0, 1, … (the same index in every group).
   */
  public static Dataset<Row> spine(Dataset<Row> groupedPeriods, String granularity) {
    Dataset<Row> range = groupedPeriods.agg(min(PERIOD_START).as("first"),
        max(PERIOD_START).as("last"));
    Dataset<Row> periods = range.where(col("first").isNotNull())
        .select(explode(expr("sequence(first, last, " + interval(granularity) + ")"))
            .as(PERIOD_START))
        .select(col(PERIOD_START), expr("row_number() over (order by " + PERIOD_START + ") - 1")
            .as("period_index"));
    Dataset<Row> groups = groupedPeriods.select(GROUP_KEY).distinct();
    return groups.crossJoin(periods);
  }

  /** Sets group_key of the all-groups rows to null, as the tables have it. */
  public static Dataset<Row> withNullAllGroups(Dataset<Row> rows) {
    return rows.withColumn(GROUP_KEY, when(col(GROUP_KEY).equalTo(ALL_GROUPS),
        lit(null).cast(DataTypes.StringType)).otherwise(col(GROUP_KEY)));
  }

  /** Granularities from the finest to the coarsest. */
  static final List<String> FINEST_FIRST = List.of("day", "week", "month", "quarter", "year");

  /**
   * Papers per period at every granularity, for {@link #autoGranularity}: one distinct count of
   * papers per (granularity, period_start), computed in one aggregation over the dates.
   */
  public static Map<String, NavigableMap<LocalDate, Long>> papersPerPeriod(Dataset<Row> dates) {
    Frames.require(dates, "papersPerPeriod", PAPER_ID, EVENT_DATE);
    Column[] perGranularity = FINEST_FIRST.stream()
        .map(g -> struct(lit(g).as("g"), to_date(date_trunc(truncUnit(g),
            col(EVENT_DATE).cast(DataTypes.TimestampType))).as("p")))
        .toArray(Column[]::new);
    List<Row> rows = dates.select(col(PAPER_ID), explode(array(perGranularity)).as("gp"))
        .groupBy(col("gp.g").as("g"), col("gp.p").as("p"))
        .agg(countDistinct(col(PAPER_ID)).as("docs"))
        .collectAsList();
    Map<String, NavigableMap<LocalDate, Long>> out = new LinkedHashMap<>();
    FINEST_FIRST.forEach(g -> out.put(g, new TreeMap<>()));
    for (Row r : rows) {
      out.get(r.getString(0)).put(r.getDate(1).toLocalDate(), r.getLong(2));
    }
    return out;
  }

  /**
   * The granularity auto picks: the finest whose periods, from the first to the last, number at
   * most maxPeriods and whose latest {@code recent} periods (empty ones included) hold on
   * average at least minDocs papers, so a period says something about its terms (the CSV set,
   * 2002-2026, about 55 papers a quarter lately and 150 a year: year at 100; daily trending
   * snapshots of 240 papers: day). When no granularity within the period limit reaches
   * minDocs, the one whose latest periods hold the most papers (the finest on a tie: a single
   * snapshot stays a day); year when even a year gives more than maxPeriods periods. An empty
   * corpus gets day.
   *
   * @param papers {@link #papersPerPeriod}
   */
  public static String autoGranularity(Map<String, NavigableMap<LocalDate, Long>> papers,
      int maxPeriods, int minDocs, int recent) {
    NavigableMap<LocalDate, Long> days = papers.get("day");
    if (days == null || days.isEmpty()) {
      return "day";
    }
    LocalDate first = days.firstKey();
    LocalDate last = days.lastKey();
    String best = null;
    double bestMean = -1;
    for (String g : FINEST_FIRST) {
      long count = periodCount(first, last, g);
      if (count > maxPeriods) {
        continue;
      }
      int n = (int) Math.min(recent, count);
      double mean = recentMean(papers.get(g), truncate(last, g), g, n);
      if (mean >= minDocs) {
        return g;
      }
      if (mean > bestMean) {
        best = g;
        bestMean = mean;
      }
    }
    return best == null ? "year" : best;
  }

  /** Mean papers per period over the n periods ending with the one starting at lastPeriod. */
  static double recentMean(NavigableMap<LocalDate, Long> perPeriod, LocalDate lastPeriod,
      String granularity, int n) {
    long docs = perPeriod.headMap(lastPeriod, true).entrySet().stream()
        .filter(e -> periodCount(e.getKey(), lastPeriod, granularity) <= n)
        .mapToLong(Map.Entry::getValue).sum();
    return (double) docs / n;
  }

  /** Periods of a granularity from the one holding first to the one holding last, both in. */
  static long periodCount(LocalDate first, LocalDate last, String granularity) {
    LocalDate a = truncate(first, granularity);
    LocalDate b = truncate(last, granularity);
    return 1 + switch (granularity) {
      case "day" -> ChronoUnit.DAYS.between(a, b);
      case "week" -> ChronoUnit.WEEKS.between(a, b);
      case "month" -> ChronoUnit.MONTHS.between(a, b);
      case "quarter" -> ChronoUnit.MONTHS.between(a, b) / 3;
      case "year" -> ChronoUnit.YEARS.between(a, b);
      default -> throw new IllegalArgumentException("unknown granularity " + granularity);
    };
  }

  /** The first day of the date's period, as withPeriod computes it in Spark. */
  static LocalDate truncate(LocalDate d, String granularity) {
    return switch (granularity) {
      case "day" -> d;
      case "week" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case "month" -> d.withDayOfMonth(1);
      case "quarter" -> LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
      case "year" -> LocalDate.of(d.getYear(), 1, 1);
      default -> throw new IllegalArgumentException("unknown granularity " + granularity);
    };
  }

  static String truncUnit(String granularity) {
    return switch (granularity) {
      case "day", "week", "month", "quarter", "year" -> granularity;
      default -> throw new IllegalArgumentException("unknown granularity " + granularity);
    };
  }

  static String interval(String granularity) {
    return switch (granularity) {
      case "day" -> "interval 1 day";
      case "week" -> "interval 7 days";
      case "month" -> "interval 1 month";
      case "quarter" -> "interval 3 months";
      case "year" -> "interval 1 year";
      default -> throw new IllegalArgumentException("unknown granularity " + granularity);
    };
  }
}
