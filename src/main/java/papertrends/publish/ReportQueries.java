package papertrends.publish;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import papertrends.io.Frames;

/**
 * The report's aggregations, done in Spark so only small results reach the driver: each one
 * reduces a run's tables to at most a few thousand rows.
 */
public final class ReportQueries {
  private ReportQueries() {}

  /** The date a paper is placed at: published, else first seen. */
  public static final Column PAPER_DATE =
      coalesce(col("published_date"), col("first_seen_date"));

  /** Keeps the rows of one run. */
  public static Dataset<Row> filterRun(Dataset<Row> df, String runId) {
    Frames.require(df, "filterRun", "run_id");
    return df.where(col("run_id").equalTo(runId));
  }

  /** Keeps the all-groups rows of a trend table (group_key null). */
  public static Dataset<Row> filterAllGroups(Dataset<Row> trends) {
    Frames.require(trends, "filterAllGroups", "group_key");
    return trends.where(col("group_key").isNull());
  }

  /** The distinct period starts of trend rows, sorted (one row per period). */
  public static Dataset<Row> periods(Dataset<Row> trends) {
    return trends.select("period_start").where(col("period_start").isNotNull()).distinct()
        .orderBy("period_start");
  }

  /**
   * Topic shares per bucket of consecutive periods: topic_id, bucket, bucket_start, share. The
   * bucket's share is its topics' weight over its documents (a period-weighted mean), or the
   * mean share where weights or document counts are missing.
   *
   * @param buckets period_start → bucket (from {@link Report#bucketsOf})
   */
  public static Dataset<Row> bucketShares(Dataset<Row> trends, Dataset<Row> buckets) {
    Frames.require(trends, "bucketShares", "topic_id", "period_start", "share", "weight_sum",
        "period_docs");
    Dataset<Row> agg = trends.join(broadcast(buckets), "period_start")
        .groupBy("topic_id", "bucket")
        .agg(min("period_start").as("bucket_start"), sum("weight_sum").as("w"),
            sum("period_docs").as("d"), avg(coalesce(col("share"), lit(0.0))).as("mean_share"));
    return agg.select(col("topic_id"), col("bucket"), col("bucket_start"),
        when(col("d").gt(0).and(col("w").isNotNull()), col("w").divide(col("d")))
            .otherwise(col("mean_share")).as("share"));
  }

  /** Each topic's trend row at one period: topic_id, trend, latest_share, share_change. */
  public static Dataset<Row> statusAt(Dataset<Row> trends, LocalDate period) {
    return trends.where(col("period_start").equalTo(lit(java.sql.Date.valueOf(period))))
        .groupBy("topic_id")
        .agg(max("trend").as("trend"), max(coalesce(col("share"), lit(0.0))).as("latest_share"),
            max("share_change").as("share_change"), max("low_volume").as("low_volume"));
  }

  /** The topics of a run with their latest trend status (topics without trend rows kept). */
  public static Dataset<Row> withStatus(Dataset<Row> topics, Dataset<Row> status) {
    Frames.require(topics, "withStatus", "topic_id", "stable_topic_id", "label", "prevalence",
        "doc_count", "npmi");
    return topics.join(status, topics.col("topic_id").equalTo(status.col("topic_id")), "left")
        .select(topics.col("topic_id"), col("stable_topic_id"), col("label"), col("prevalence"),
            col("doc_count"), col("npmi"), col("trend"), col("latest_share"),
            col("share_change"), col("low_volume"));
  }

  /** The n top terms of each topic: topic_id, term, weight, rank. */
  public static Dataset<Row> filterTopTerms(Dataset<Row> topicTerms, int n) {
    Frames.require(topicTerms, "filterTopTerms", "topic_id", "term", "weight", "rank");
    return topicTerms.where(col("rank").leq(n)).select("topic_id", "term", "weight", "rank");
  }

  /**
   * The n papers of highest weight per topic, with their titles: topic_id, paper_id, weight,
   * title, date, pos (1 = highest; ties by paper_id).
   */
  public static Dataset<Row> representativePapers(Dataset<Row> docTopics, Dataset<Row> papers,
      int n) {
    Frames.require(docTopics, "representativePapers", "topic_id", "paper_id", "weight");
    Dataset<Row> top = docTopics
        .withColumn("pos", row_number().over(Window.partitionBy("topic_id")
            .orderBy(col("weight").desc(), col("paper_id"))))
        .where(col("pos").leq(n));
    return top.join(papers.select(col("paper_id"), col("title"), PAPER_DATE.as("date")),
            "paper_id")
        .select("topic_id", "paper_id", "weight", "title", "date", "pos");
  }

  /**
   * Terms flagged rising in periods from `from` on: term, zscore (strongest log-odds z), doc_freq
   * (documents in those periods), the n strongest first.
   */
  public static Dataset<Row> risingTerms(Dataset<Row> termTrends, LocalDate from, int n) {
    Frames.require(termTrends, "risingTerms", "term", "period_start", "is_rising",
        "log_odds_z", "doc_freq");
    return termTrends
        .where(col("period_start").geq(lit(java.sql.Date.valueOf(from)))
            .and(col("is_rising").equalTo(true)))
        .groupBy("term")
        .agg(max("log_odds_z").as("zscore"), sum("doc_freq").as("doc_freq"))
        .orderBy(col("zscore").desc_nulls_last(), col("term")).limit(n);
  }

  /**
   * Terms new (is_new: first seen after an earlier period with papers) in periods from `from` on:
   * term, first_seen, doc_freq (documents since), the n most frequent first. Rows written before
   * is_new existed count as new in their first period.
   */
  public static Dataset<Row> newTerms(Dataset<Row> termTrends, LocalDate from, int n) {
    Frames.require(termTrends, "newTerms", "term", "period_start", "first_seen_period",
        "doc_freq", "is_new");
    Column since = lit(java.sql.Date.valueOf(from));
    Column isNew = coalesce(col("is_new"), lit(true))
        .and(col("period_start").equalTo(col("first_seen_period")));
    return termTrends
        .where(col("first_seen_period").geq(since).and(col("period_start").geq(since)))
        .groupBy("term")
        .agg(min("first_seen_period").as("first_seen"), sum("doc_freq").as("doc_freq"),
            max(when(isNew, 1).otherwise(0)).as("new"))
        .where(col("doc_freq").gt(0).and(col("new").equalTo(1))).drop("new")
        .orderBy(col("doc_freq").desc(), col("term")).limit(n);
  }

  /** The papers of a run with their dominant topic: paper_id, topic_id. */
  public static Dataset<Row> dominantFromWeights(Dataset<Row> docTopicWeights) {
    Frames.require(docTopicWeights, "dominantFromWeights", "paper_id", "dominant_topic_id");
    return docTopicWeights.select(col("paper_id"), col("dominant_topic_id").as("topic_id"));
  }

  /** The papers of a run with their dominant topic, from the thresholded doc_topics. */
  public static Dataset<Row> dominantFromDocTopics(Dataset<Row> docTopics) {
    Frames.require(docTopics, "dominantFromDocTopics", "paper_id", "topic_id", "is_dominant");
    return docTopics.where(col("is_dominant").equalTo(true))
        .groupBy("paper_id").agg(min("topic_id").as("topic_id"));
  }

  /** Count, first and last date of a run's papers: docs, first_date, last_date. */
  public static Dataset<Row> corpusRange(Dataset<Row> runPapers, Dataset<Row> papers) {
    return runPapers.select("paper_id")
        .join(papers.select(col("paper_id"), PAPER_DATE.as("date")), "paper_id")
        .agg(count(lit(1)).as("docs"), min("date").as("first_date"),
            max("date").as("last_date"));
  }

  /** The latest snapshot date in which a paper of the run was sighted: one row, maybe null. */
  public static Dataset<Row> latestSnapshot(Dataset<Row> runPapers, Dataset<Row> sightings) {
    return sightings.join(runPapers.select("paper_id"), "paper_id")
        .agg(max("snapshot_date").as("snapshot_date"));
  }

  /**
   * The n best-ranked papers of the run sighted on one snapshot: paper_id, title, date, rank,
   * topic_id.
   */
  public static Dataset<Row> sightedOn(Dataset<Row> runPapers, Dataset<Row> sightings,
      Dataset<Row> papers, LocalDate snapshot, int n) {
    Dataset<Row> seen = sightings
        .where(col("snapshot_date").equalTo(lit(java.sql.Date.valueOf(snapshot))))
        .groupBy("paper_id").agg(min("rank").as("rank"));
    return seen.join(runPapers, "paper_id")
        .join(papers.select(col("paper_id"), col("title"), PAPER_DATE.as("date")), "paper_id")
        .orderBy(col("rank").asc_nulls_last(), col("paper_id")).limit(n)
        .select("paper_id", "title", "date", "rank", "topic_id");
  }

  /** The n papers of the run with the latest dates: paper_id, title, date, rank, topic_id. */
  public static Dataset<Row> newestByDate(Dataset<Row> runPapers, Dataset<Row> papers, int n) {
    return runPapers
        .join(papers.select(col("paper_id"), col("title"), PAPER_DATE.as("date")), "paper_id")
        .orderBy(col("date").desc_nulls_last(), col("paper_id")).limit(n)
        .select(col("paper_id"), col("title"), col("date"), lit(null).cast("int").as("rank"),
            col("topic_id"));
  }
}
