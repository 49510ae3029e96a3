package papertrends.trends;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.explode_outer;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
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
   * The finest granularity whose periods from the first to the last date number at most
   * maxPeriods (year when none does): daily snapshots give day, decades of papers month.
   */
  public static String autoGranularity(LocalDate first, LocalDate last, int maxPeriods) {
    for (String g : FINEST_FIRST) {
      if (periodCount(first, last, g) <= maxPeriods) {
        return g;
      }
    }
    return "year";
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
