package papertrends.publish;

import static papertrends.publish.ReportQueries.filterAllGroups;
import static papertrends.publish.ReportQueries.filterRun;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.io.Tables;
import papertrends.io.TopicLabels;
import papertrends.io.Warehouse;
import papertrends.publish.ReportModel.Facts;
import papertrends.publish.ReportModel.LatestWindow;
import papertrends.publish.ReportModel.NewTerm;
import papertrends.publish.ReportModel.NewestPaper;
import papertrends.publish.ReportModel.NewestPapers;
import papertrends.publish.ReportModel.Paper;
import papertrends.publish.ReportModel.Point;
import papertrends.publish.ReportModel.RisingTerm;
import papertrends.publish.ReportModel.Series;
import papertrends.publish.ReportModel.Term;
import papertrends.publish.ReportModel.TopicCard;

/**
 * Collects the content of a run's report ({@link ReportModel}) from its tables: Spark reduces
 * them to a few thousand rows (shares bucketed, top terms, representative and newest papers).
 */
final class ReportBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ReportBuilder.class);

  private ReportBuilder() {}

  /** Collects the content of a run's report. */
  static ReportModel build(Warehouse w, Report.Run run, Report.Limits limits) {
    String id = run.runId();
    SparkSession spark = w.spark();
    spark.sparkContext().setJobDescription("publish: report of run " + id);
    Dataset<Row> papers = run.papers();

    Dataset<Row> trends = filterAllGroups(filterRun(w.read(Tables.TOPIC_TRENDS), id));
    List<LocalDate> periods = dates(ReportQueries.periods(trends), "period_start");
    Row granRow = trends.select("granularity").where("granularity IS NOT NULL").limit(1)
        .collectAsList().stream().findFirst().orElse(null);
    String granularity = granRow == null ? null : granRow.getString(0);

    Map<Integer, List<Point>> series = new LinkedHashMap<>();
    Map<Integer, Row> status = new LinkedHashMap<>();
    if (!periods.isEmpty()) {
      Dataset<Row> buckets = spark.createDataFrame(bucketsOf(periods, limits.seriesPoints()),
          StructType.fromDDL("period_start DATE, bucket INT"));
      for (Row r : ReportQueries.bucketShares(trends, buckets)
          .orderBy("topic_id", "bucket").collectAsList()) {
        series.computeIfAbsent(r.getInt(r.fieldIndex("topic_id")), k -> new ArrayList<>())
            .add(new Point(date(r.getAs("bucket_start")),
                ((Number) r.getAs("share")).doubleValue()));
      }
    }
    Dataset<Row> statusRows = ReportQueries.statusAt(trends,
        periods.isEmpty() ? LocalDate.of(1, 1, 1) : periods.get(periods.size() - 1));
    List<Row> topicRows = ReportQueries.withStatus(TopicLabels.withCuratedLabels(
        filterRun(w.read(Tables.TOPICS), id), w), statusRows).collectAsList();
    topicRows.forEach(r -> status.put(r.getInt(r.fieldIndex("topic_id")), r));

    Map<Integer, List<Term>> terms = new LinkedHashMap<>();
    for (Row r : ReportQueries.filterTopTerms(filterRun(w.read(Tables.TOPIC_TERMS), id),
        limits.topTerms()).orderBy("topic_id", "rank").collectAsList()) {
      terms.computeIfAbsent(r.getInt(0), k -> new ArrayList<>())
          .add(new Term(r.getString(1), dbl(r.get(2), 0)));
    }
    Map<Integer, List<Paper>> reps = new LinkedHashMap<>();
    for (Row r : ReportQueries.representativePapers(filterRun(w.read(Tables.DOC_TOPICS), id),
        papers, limits.papersPerTopic()).orderBy("topic_id", "pos").collectAsList()) {
      reps.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(new Paper(r.getString(1),
          r.getString(3), date(r.get(4)), dbl(r.get(2), 0)));
    }

    List<TopicCard> cards = new ArrayList<>();
    for (Row r : status.values()) {
      int topicId = r.getInt(r.fieldIndex("topic_id"));
      List<Point> pts = series.getOrDefault(topicId, List.of());
      cards.add(new TopicCard(topicId, r.getAs("stable_topic_id"),
          r.getAs("label") == null ? "topic " + topicId : r.getAs("label"),
          r.getAs("trend") == null ? "steady" : r.getAs("trend"),
          Boolean.TRUE.equals(r.getAs("low_volume")), dbl(r.getAs("latest_share"), 0),
          r.getAs("share_change"), dbl(r.getAs("prevalence"), mean(pts)),
          r.getAs("doc_count") == null ? 0 : ((Number) r.getAs("doc_count")).longValue(),
          r.getAs("npmi"), terms.getOrDefault(topicId, List.of()),
          downsample(pts, limits.sparkPoints()), reps.getOrDefault(topicId, List.of())));
    }
    cards.sort(Comparator.comparing((TopicCard c) -> !c.hot())
        .thenComparing(Comparator.comparingDouble(TopicCard::prevalence).reversed())
        .thenComparingInt(TopicCard::topicId));
    List<Series> chart = chartSeries(cards, series, limits.chartSeries());

    Dataset<Row> termTrends = filterAllGroups(filterRun(w.read(Tables.TERM_TRENDS), id));
    List<LocalDate> termPeriods = dates(ReportQueries.periods(termTrends), "period_start");
    LatestWindow window = null;
    List<RisingTerm> rising = new ArrayList<>();
    List<NewTerm> fresh = new ArrayList<>();
    if (!termPeriods.isEmpty()) {
      int from = Math.max(0, termPeriods.size() - limits.latestPeriods());
      window = new LatestWindow(termPeriods.get(from), termPeriods.get(termPeriods.size() - 1),
          termPeriods.size() - from);
      for (Row r : ReportQueries.risingTerms(termTrends, window.from(), limits.risingTerms())
          .collectAsList()) {
        rising.add(new RisingTerm(r.getString(0), dbl(r.get(1), Double.NaN), lng(r.get(2))));
      }
      for (Row r : ReportQueries.newTerms(termTrends, window.from(), limits.newTerms())
          .collectAsList()) {
        fresh.add(new NewTerm(r.getString(0), date(r.get(1)), lng(r.get(2))));
      }
    }

    Dataset<Row> weights = filterRun(w.read(Tables.DOC_TOPIC_WEIGHTS), id);
    Dataset<Row> runPapers = weights.isEmpty()
        ? ReportQueries.dominantFromDocTopics(filterRun(w.read(Tables.DOC_TOPICS), id))
        : ReportQueries.dominantFromWeights(weights);
    NewestPapers newest = newest(w, runPapers, papers,
        run.sightings(), limits.newestPapers());
    Row range = ReportQueries.corpusRange(runPapers, papers).first();

    long docs = lng(range.get(0));
    if (docs == 0 && run.docs() != null) {
      docs = run.docs();
    }
    Facts facts = new Facts(id, run.status(), run.mode(), str(run.startedAt()),
        str(run.finishedAt()), docs, date(range.get(1)), date(range.get(2)), run.k(),
        run.optimizer(), run.seed(), run.meanNpmi(), run.logPerplexity(), run.vocabSize(),
        run.papersVersion(), run.inputVersions(), run.codeVersion(), granularity,
        periods.size());
    spark.sparkContext().setJobDescription(null);
    LOG.info("report of run {}: {} topics, {} periods, {} chart series, {} rising terms", id,
        cards.size(), periods.size(), chart.size(), rising.size());
    return new ReportModel(facts, cards, chart, rising, fresh, window, newest,
        ReportTrending.build(w, id, runPapers, papers, limits.newestPapers()));
  }

  private static NewestPapers newest(Warehouse w, Dataset<Row> runPapers, Dataset<Row> papers,
      Dataset<Row> sightings, int n) {
    LocalDate snapshot = date(ReportQueries.latestSnapshot(runPapers, sightings).first().get(0));
    Dataset<Row> rows = snapshot != null
        ? ReportQueries.sightedOn(runPapers, sightings, papers, snapshot, n)
        : ReportQueries.newestByDate(runPapers, papers, n);
    List<NewestPaper> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(new NewestPaper(r.getString(0), r.getString(1), date(r.get(2)),
          r.isNullAt(3) ? null : r.getInt(3), r.isNullAt(4) ? null : r.getInt(4)));
    }
    return new NewestPapers(snapshot, out);
  }

  /** Hot topics (largest latest share first), then the most prevalent, up to max lines. */
  static List<Series> chartSeries(List<TopicCard> cards, Map<Integer, List<Point>> series,
      int max) {
    List<TopicCard> order = new ArrayList<>(cards);
    order.sort(Comparator.comparing((TopicCard c) -> !c.hot())
        .thenComparing(c -> c.hot() ? -c.latestShare() : -c.prevalence())
        .thenComparingInt(TopicCard::topicId));
    List<Series> out = new ArrayList<>();
    for (TopicCard c : order) {
      List<Point> pts = series.get(c.topicId());
      if (pts != null && !pts.isEmpty() && out.size() < max) {
        out.add(new Series(c.topicId(), c.label(), c.hot(), pts));
      }
    }
    return out;
  }

  /** Rows (period_start, bucket): sorted periods split into at most max consecutive buckets. */
  static List<Row> bucketsOf(List<LocalDate> periods, int max) {
    List<Row> rows = new ArrayList<>(periods.size());
    int n = periods.size();
    for (int i = 0; i < n; i++) {
      int bucket = n <= max ? i : (int) ((long) i * max / n);
      rows.add(RowFactory.create(java.sql.Date.valueOf(periods.get(i)), bucket));
    }
    return rows;
  }

  /** Averages consecutive points into at most max points (each at its group's first date). */
  static List<Point> downsample(List<Point> points, int max) {
    int n = points.size();
    if (n <= max) {
      return points;
    }
    List<Point> out = new ArrayList<>(max);
    for (int b = 0; b < max; b++) {
      int from = (int) ((long) b * n / max);
      int to = (int) ((long) (b + 1) * n / max);
      double s = 0;
      for (int i = from; i < to; i++) {
        s += points.get(i).share();
      }
      out.add(new Point(points.get(from).start(), s / (to - from)));
    }
    return out;
  }

  private static double mean(List<Point> pts) {
    return pts.stream().mapToDouble(Point::share).average().orElse(0);
  }

  private static List<LocalDate> dates(Dataset<Row> df, String column) {
    List<LocalDate> out = new ArrayList<>();
    for (Row r : df.select(column).collectAsList()) {
      out.add(date(r.get(0)));
    }
    return out;
  }

  static LocalDate date(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return LocalDate.parse(v.toString().substring(0, 10));
  }

  private static double dbl(Object v, double dflt) {
    return v == null ? dflt : ((Number) v).doubleValue();
  }

  private static long lng(Object v) {
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static String str(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toInstant().toString().replace("T", " ").replaceAll("\\.\\d+Z$", "Z");
    }
    return v.toString();
  }
}
