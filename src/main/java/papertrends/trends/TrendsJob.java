package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.Settings;
import papertrends.config.TrendSettings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Progress;
import papertrends.util.Steps;

/**
 * The trends stage of a run: reads the papers and paper_sightings it is given (runs/ passes them
 * at the run's recorded Delta versions) and the run's doc_topic_weights, topics, doc_features and
 * vocabulary; writes topic_trends, term_trends and trending_changes under the run id (replacing
 * the run's earlier rows, if any).
 */
public final class TrendsJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrendsJob.class);
  public static final String STAGE = "trends";
  /** The run-keyed tables the stage writes. */
  public static final java.util.List<String> TABLES = java.util.List.of(Tables.TOPIC_TRENDS,
      Tables.TERM_TRENDS);

  /** Counts of a trends run. */
  public record Result(String runId, String granularity, long periods, long topicRows,
      long termRows, long hotTopics, long coldTopics, long risingTerms) {
    public String counts() {
      return String.format("%d periods of a %s, %d topic_trends rows (%d hot, %d cold in the"
          + " last period), %d term_trends rows (%d rising in the last period)", periods,
          granularity, topicRows, hotTopics, coldTopics, termRows, risingTerms);
    }
  }

  private final SparkSession spark;
  private final Settings settings;
  private final String runId;
  private final Warehouse warehouse;
  /** The granularity of this run's trends (auto resolved). */
  private String granularity;

  public TrendsJob(SparkSession spark, Settings settings, String runId) {
    this.spark = spark;
    this.settings = settings;
    this.runId = runId;
    this.warehouse = new Warehouse(spark, settings);
  }

  /** Computes and writes both trend tables from the run's papers and sightings. */
  public Result run(Dataset<Row> runPapers, Dataset<Row> sightings) {
    Progress progress = Progress.start(STAGE);
    long t0 = System.nanoTime();
    Map<String, Double> t = new LinkedHashMap<>();
    TrendSettings s = settings.trends();
    Dataset<Row> weights = ofRun(Tables.DOC_TOPIC_WEIGHTS);
    if (weights.isEmpty()) {
      throw new IllegalStateException("run " + runId + " has no doc_topic_weights: run topics"
          + " for it first");
    }
    // The run's documents only: papers the run did not analyse do not stretch the periods.
    Dataset<Row> papers = runPapers.join(weights.select("paper_id"),
        new String[] {"paper_id"}, "left_semi");
    Dataset<Row> dates = Periods.paperDates(papers, sightings)
        .persist(StorageLevel.MEMORY_AND_DISK());
    granularity = granularity(dates, s);
    LOG.info("trends of run {}: granularity {} ({}), group-by {}", runId, granularity,
        s.granularity(), s.groupBy() == null ? "none" : s.groupBy());
    Steps.step(t, t0, "periods_s");
    Dataset<Row> events = Periods.withGroups(Periods.withPeriod(dates, granularity),
        papers, s.groupBy()).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> spine = Periods.spine(events, granularity).persist();
    try {
      spark.sparkContext().setJobDescription("trends: topic_trends of run " + runId);
      Dataset<Row> topicList = TopicTrends.topicList(ofRun(Tables.TOPICS), weights);
      Dataset<Row> topicTrends = TopicTrends.topicTrends(events, weights, topicList, spine, s);
      warehouse.replaceRun(Tables.TOPIC_TRENDS, runId, finish(topicTrends));
      Steps.step(t, t0, "topic_trends_s");

      spark.sparkContext().setJobDescription("trends: term_trends of run " + runId);
      Dataset<Row> features = ofRun(Tables.DOC_FEATURES);
      Dataset<Row> docTerms = TermTrends.docTerms(features).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> idf = TermTrends.idf(docTerms, features, ofRun(Tables.VOCABULARY));
      Dataset<Row> termTrends = TermTrends.filterAbsent(
          TermTrends.termTrends(events, docTerms, idf, spine, s));
      warehouse.replaceRun(Tables.TERM_TRENDS, runId, finish(termTrends));
      docTerms.unpersist();
      Steps.step(t, t0, "term_trends_s");

      spark.sparkContext().setJobDescription("trends: trending_changes of run " + runId);
      Dataset<Row> listed = sightings.join(weights.select("paper_id"), new String[] {"paper_id"},
          "left_semi");
      warehouse.replaceRun(Tables.TRENDING_CHANGES, runId,
          TrendingChanges.trendingChanges(listed).withColumn("run_id", lit(runId)));
      Steps.step(t, t0, "trending_changes_s");
    } finally {
      spark.sparkContext().setJobDescription(null);
      events.unpersist();
      spine.unpersist();
      dates.unpersist();
    }
    Result r = result(s);
    Steps.step(t, t0, "summary_s");
    LOG.info("trends of run {}: timings {}", runId, Steps.describe(t));
    progress.finish(r.counts());
    return r;
  }

  /**
   * The configured granularity, or for auto the one the run's dates call for: recent periods
   * are the latest background-window + 1, those a term's rise is measured over.
   */
  static String granularity(Dataset<Row> dates, TrendSettings s) {
    if (!TrendSettings.AUTO.equals(s.granularity())) {
      return s.granularity();
    }
    return Periods.autoGranularity(Periods.papersPerPeriod(dates), s.autoMaxPeriods(),
        s.autoMinPeriodDocs(), s.backgroundWindow() + 1);
  }

  private Dataset<Row> ofRun(String table) {
    return warehouse.read(table).where(col("run_id").equalTo(runId));
  }

  private Dataset<Row> finish(Dataset<Row> rows) {
    return Periods.withNullAllGroups(rows)
        .withColumn("run_id", lit(runId))
        .withColumn("granularity", lit(granularity));
  }

  /** The run's counts for its progress line: three queries over the two written tables. */
  private Result result(TrendSettings s) {
    Dataset<Row> topics = ofRun(Tables.TOPIC_TRENDS);
    Dataset<Row> terms = ofRun(Tables.TERM_TRENDS);
    Row t = topics.selectExpr("count(DISTINCT CASE WHEN group_key IS NULL THEN period_start END)",
        "max(CASE WHEN group_key IS NULL THEN period_start END)", "count(*)").first();
    long periods = t.getLong(0);
    Object last = t.get(1);
    Column lastAll = col("group_key").isNull().and(col("period_start").equalTo(lit(last)));
    Row hc = topics.agg(
        sum(when(lastAll.and(col("trend").equalTo(TopicTrends.HOT)), 1L).otherwise(0L)),
        sum(when(lastAll.and(col("trend").equalTo(TopicTrends.COLD)), 1L).otherwise(0L)))
        .first();
    Row tr = terms.agg(count(lit(1)),
        sum(when(lastAll.and(col("is_rising")), 1L).otherwise(0L))).first();
    return new Result(runId, granularity, periods, t.getLong(2), tr.getLong(0),
        hc.isNullAt(0) ? 0 : hc.getLong(0), hc.isNullAt(1) ? 0 : hc.getLong(1),
        tr.isNullAt(1) ? 0 : tr.getLong(1));
  }
}
