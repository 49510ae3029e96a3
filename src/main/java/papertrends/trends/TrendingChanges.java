package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;
import static papertrends.trends.Periods.PAPER_ID;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import papertrends.io.Frames;

/**
 * What changed in a trending list between consecutive snapshots of a source: one row per paper
 * on either list, saying whether it entered, left, or moved up, down or stayed, and by how many
 * ranks.
 */
public final class TrendingChanges {
  private TrendingChanges() {}

  public static final String ENTERED = "entered";
  public static final String LEFT = "left";
  public static final String UP = "up";
  public static final String DOWN = "down";
  public static final String SAME = "same";

  private static final String[] KEY = {"source", "snapshot_date", "previous_snapshot_date",
      PAPER_ID};

  /**
   * (source, snapshot_date, previous_snapshot_date, paper_id, change, rank, previous_rank,
   * rank_change) from paper_sightings rows with a rank (rank_change &gt; 0: moved up); empty
   * when no source has two snapshots.
   */
  public static Dataset<Row> trendingChanges(Dataset<Row> sightings) {
    Frames.require(sightings, "trendingChanges", PAPER_ID, "snapshot_date", "source", "rank");
    Dataset<Row> ranked = sightings
        .where(col("rank").isNotNull().and(col("snapshot_date").isNotNull()))
        .groupBy("source", "snapshot_date", PAPER_ID).agg(min("rank").as("rank"));
    Dataset<Row> pairs = ranked.select("source", "snapshot_date").distinct()
        .withColumn("previous_snapshot_date", lag("snapshot_date", 1)
            .over(Window.partitionBy("source").orderBy("snapshot_date")))
        .where(col("previous_snapshot_date").isNotNull());
    Dataset<Row> now = pairs.join(ranked, new String[] {"source", "snapshot_date"});
    Dataset<Row> before = pairs.join(ranked
            .withColumnRenamed("snapshot_date", "previous_snapshot_date")
            .withColumnRenamed("rank", "previous_rank"),
        new String[] {"source", "previous_snapshot_date"});
    return now.join(before, KEY, "full_outer")
        .withColumn("change", when(col("previous_rank").isNull(), lit(ENTERED))
            .when(col("rank").isNull(), lit(LEFT))
            .when(col("previous_rank").gt(col("rank")), lit(UP))
            .when(col("previous_rank").lt(col("rank")), lit(DOWN))
            .otherwise(lit(SAME)))
        .withColumn("rank_change", col("previous_rank").minus(col("rank")))
        .select("source", "snapshot_date", "previous_snapshot_date", PAPER_ID, "change", "rank",
            "previous_rank", "rank_change");
  }
}
