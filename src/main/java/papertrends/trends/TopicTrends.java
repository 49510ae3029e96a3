package papertrends.trends;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static papertrends.trends.Periods.GROUP_KEY;
import static papertrends.trends.Periods.PAPER_ID;
import static papertrends.trends.Periods.PERIOD_START;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import papertrends.config.TrendSettings;
import papertrends.io.Frames;

/**
 * Topic prevalence per period: dominant-topic counts, weight sums and shares from the full
 * doc–topic distributions, change, z-score and the hot/cold label from the slope of the share
 * (Griffiths and Steyvers, PNAS 2004).
 */
public final class TopicTrends {
  private TopicTrends() {}

  public static final String HOT = "hot";
  public static final String COLD = "cold";
  public static final String STEADY = "steady";

  /** Two-sided p-value of a t statistic with df degrees of freedom. */
  static final UserDefinedFunction T_PVALUE = udf((UDF2<Double, Long, Double>) (t, df) -> {
    if (t == null || df == null || df < 1) {
      return null;
    }
    if (t.isInfinite()) {
      return 0.0;
    }
    return 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t));
  }, DataTypes.DoubleType);

  /**
   * The topics of a run (topic_id, stable_topic_id, label); when the topics table has none,
   * topic ids 0..k-1 taken from the length of the weight arrays.
   */
  public static Dataset<Row> topicList(Dataset<Row> topics, Dataset<Row> weights) {
    Dataset<Row> fromWeights = weights.agg(max(size(col("weights"))).as("k"))
        .where(col("k").gt(0))
        .select(explode(sequence(lit(0), col("k").minus(1))).as("topic_id"))
        .select(col("topic_id"), lit(null).cast(DataTypes.IntegerType).as("stable_topic_id"),
            lit(null).cast(DataTypes.StringType).as("label"));
    Dataset<Row> named = topics.select("topic_id", "stable_topic_id", "label");
    return fromWeights.join(named, new String[] {"topic_id"}, "left_anti").unionByName(named);
  }

  /**
   * One row per group, period and topic (empty periods included, with zeros): period_docs,
   * doc_count, weight_sum, share, share_change, zscore, slope, slope_pvalue, trend, low_volume.
   *
   * @param events (paper_id, period_start, group_key) from {@link Periods#withGroups}
   * @param weights the run's doc_topic_weights (paper_id, weights, dominant_topic_id)
   * @param topicList {@link #topicList}
   * @param spine {@link Periods#spine}
   */
  public static Dataset<Row> topicTrends(Dataset<Row> events, Dataset<Row> weights,
      Dataset<Row> topicList, Dataset<Row> spine, TrendSettings s) {
    Frames.require(weights, "topicTrends", PAPER_ID, "weights", "dominant_topic_id");
    Dataset<Row> docs = events.join(weights.select(PAPER_ID, "weights", "dominant_topic_id"),
        PAPER_ID);
    Dataset<Row> periodDocs = docs.groupBy(GROUP_KEY, PERIOD_START)
        .agg(count(lit(1)).as("period_docs"));
    Dataset<Row> perTopic = docs
        .select(col(GROUP_KEY), col(PERIOD_START), col("dominant_topic_id"),
            posexplode(col("weights")).as(new String[] {"topic_id", "weight"}))
        .groupBy(GROUP_KEY, PERIOD_START, "topic_id")
        .agg(sum("weight").as("weight_sum"),
            sum(when(col("dominant_topic_id").equalTo(col("topic_id")), 1).otherwise(0))
                .cast(DataTypes.LongType).as("doc_count"));
    Dataset<Row> dense = spine.crossJoin(topicList)
        .join(perTopic, new String[] {GROUP_KEY, PERIOD_START, "topic_id"}, "left")
        .join(periodDocs, new String[] {GROUP_KEY, PERIOD_START}, "left")
        .withColumn("period_docs", coalesce(col("period_docs"), lit(0L)))
        .withColumn("doc_count", coalesce(col("doc_count"), lit(0L)))
        .withColumn("weight_sum", coalesce(col("weight_sum"), lit(0.0)));
    return dense.transform(TopicTrends::withShare)
        .transform(d -> withDynamics(d, s));
  }

  /** Adds share (weight_sum over the period's total weight; 0 in an empty period). */
  static Dataset<Row> withShare(Dataset<Row> dense) {
    Column total = sum("weight_sum").over(Window.partitionBy(GROUP_KEY, PERIOD_START));
    return dense.withColumn("share",
        when(total.gt(0), col("weight_sum").divide(total)).otherwise(lit(0.0)));
  }

  /** Adds low_volume, share_change, zscore, slope, slope_pvalue and trend. */
  static Dataset<Row> withDynamics(Dataset<Row> d, TrendSettings s) {
    WindowSpec byTopic = Window.partitionBy(GROUP_KEY, "topic_id").orderBy("period_index");
    WindowSpec trailing = byTopic.rowsBetween(-s.zscoreWindow(), -1);
    WindowSpec recent = byTopic.rowsBetween(-(s.slopeWindow() - 1), 0);
    Dataset<Row> t = d
        .withColumn("low_volume", col("period_docs").lt(s.minPeriodDocs()))
        .withColumn("obs", when(not(col("low_volume")), col("share")))
        .withColumn("xo", when(col("obs").isNotNull(), col("period_index").cast("double")))
        .withColumn("share_change", col("share").minus(lag("share", 1).over(byTopic)))
        .withColumn("bg_mean", avg("obs").over(trailing))
        .withColumn("bg_sd", stddev_samp("obs").over(trailing))
        .withColumn("bg_n", count("obs").over(trailing))
        .withColumn("zscore", when(not(col("low_volume")).and(col("bg_n").geq(2))
                .and(col("bg_sd").gt(1e-9)),
            col("share").minus(col("bg_mean")).divide(col("bg_sd"))))
        .withColumn("n", count("obs").over(recent))
        .withColumn("sx", sum("xo").over(recent))
        .withColumn("sy", sum("obs").over(recent))
        .withColumn("sxx", sum(col("xo").multiply(col("xo"))).over(recent))
        .withColumn("sxy", sum(col("xo").multiply(col("obs"))).over(recent))
        .withColumn("syy", sum(col("obs").multiply(col("obs"))).over(recent))
        // try_divide: null for a window without observations, also under ANSI mode
        .withColumn("cxx", expr("sxx - try_divide(sx * sx, n)"))
        .withColumn("cxy", expr("sxy - try_divide(sx * sy, n)"))
        .withColumn("cyy", expr("syy - try_divide(sy * sy, n)"));
    // A share that is constant up to rounding has no trend (its t statistic would be noise).
    Column flat = col("cyy").leq(greatest(col("syy"), lit(1e-300)).multiply(1e-12));
    Column usable = col("n").geq(s.minSlopePeriods()).and(col("cxx").gt(0));
    t = t.withColumn("slope", when(usable, when(flat, lit(0.0))
            .otherwise(col("cxy").divide(col("cxx")))))
        .withColumn("se", when(usable.and(col("n").gt(2)), sqrt(greatest(lit(0.0),
            col("cyy").minus(col("slope").multiply(col("cxy"))))
            .divide(col("n").minus(2)).divide(col("cxx")))))
        .withColumn("slope_pvalue", when(col("slope").isNull(), lit(null).cast("double"))
            .when(flat.or(col("slope").equalTo(0)), lit(1.0))
            .when(col("se").leq(abs(col("slope")).multiply(1e-12)), lit(0.0))
            .otherwise(T_PVALUE.apply(col("slope").divide(col("se")),
                col("n").minus(2).cast("long"))))
        .withColumn("trend", when(col("slope_pvalue").lt(s.significance())
                .and(col("slope").gt(0)), lit(HOT))
            .when(col("slope_pvalue").lt(s.significance()).and(col("slope").lt(0)), lit(COLD))
            .otherwise(lit(STEADY)));
    return t.drop("obs", "xo", "bg_mean", "bg_sd", "bg_n", "n", "sx", "sy", "sxx", "sxy", "syy",
        "cxx", "cxy", "cyy", "se");
  }
}
