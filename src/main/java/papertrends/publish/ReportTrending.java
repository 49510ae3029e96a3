package papertrends.publish;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static papertrends.publish.Html.esc;
import static papertrends.publish.Html.escCut;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.publish.ReportModel.TrendingFeed;
import papertrends.publish.ReportModel.TrendingPaper;
import papertrends.publish.ReportModel.TopicMove;
import papertrends.trends.TrendingChanges;

/**
 * The report's "trending feed" section: between the run's two latest snapshots of its trending
 * list, the papers that entered, left and moved most, and the topics whose share of the list
 * moved most (from trending_changes and the papers' dominant topics).
 */
final class ReportTrending {
  private ReportTrending() {}

  /** The feed of the run's latest snapshot pair, or null when it has none. */
  static TrendingFeed build(Warehouse w, String runId, Dataset<Row> runPapers,
      Dataset<Row> papers, int n) {
    if (!w.exists(Tables.TRENDING_CHANGES)) {
      return null;
    }
    Dataset<Row> changes = w.read(Tables.TRENDING_CHANGES).where(col("run_id").equalTo(runId));
    Row last = changes.agg(max("snapshot_date")).first();
    if (last.isNullAt(0)) {
      return null;
    }
    // the source with the most papers on the latest snapshot, when several have one
    Dataset<Row> pair = changes.where(col("snapshot_date").equalTo(last.get(0)))
        .join(runPapers, new String[] {"paper_id"}, "left")
        .join(papers.select("paper_id", "title"), new String[] {"paper_id"}, "left");
    Row src = pair.groupBy("source", "previous_snapshot_date").count()
        .orderBy(col("count").desc(), col("source")).first();
    pair = pair.where(col("source").equalTo(src.get(0))).cache();
    List<TrendingPaper> entered = papers(pair.where(col("change")
        .equalTo(TrendingChanges.ENTERED)).orderBy(col("rank"), col("paper_id")), n);
    List<TrendingPaper> left = papers(pair.where(col("change")
        .equalTo(TrendingChanges.LEFT)).orderBy(col("previous_rank"), col("paper_id")), n);
    List<TrendingPaper> moved = papers(pair.where(col("rank_change").notEqual(0))
        .orderBy(abs(col("rank_change")).desc(), col("rank"), col("paper_id")), n);
    List<TopicMove> topics = new ArrayList<>();
    for (Row r : topicMoves(pair).limit(n).collectAsList()) {
      topics.add(new TopicMove(r.getInt(0), r.getDouble(1), r.getDouble(2)));
    }
    pair.unpersist();
    return new TrendingFeed(src.getString(0), ((Date) src.get(1)).toLocalDate(),
        ((Date) last.get(0)).toLocalDate(), entered, left, moved, topics);
  }

  /** (topic_id, share_before, share_now) of the dominant topics on the two lists. */
  static Dataset<Row> topicMoves(Dataset<Row> pair) {
    Column before = col("previous_rank").isNotNull();
    Column now = col("rank").isNotNull();
    Dataset<Row> sizes = pair.agg(count(when(before, 1)).as("nb"), count(when(now, 1)).as("nn"));
    return pair.where(col("topic_id").isNotNull()).groupBy("topic_id")
        .agg(count(when(before, 1)).as("b"), count(when(now, 1)).as("a"))
        .crossJoin(sizes)
        .select(col("topic_id"),
            coalesce(col("b").divide(col("nb")), lit(0.0)).as("share_before"),
            coalesce(col("a").divide(col("nn")), lit(0.0)).as("share_now"))
        .orderBy(abs(col("share_now").minus(col("share_before"))).desc(), col("topic_id"));
  }

  private static List<TrendingPaper> papers(Dataset<Row> rows, int n) {
    List<TrendingPaper> out = new ArrayList<>();
    for (Row r : rows.limit(n).collectAsList()) {
      out.add(new TrendingPaper(r.getAs("paper_id"), r.getAs("title"), r.getAs("rank"),
          r.getAs("previous_rank"), r.getAs("topic_id")));
    }
    return out;
  }

  /** The section; nothing when the run has no two snapshots. */
  static void render(StringBuilder b, ReportModel m) {
    TrendingFeed f = m.trending();
    if (f == null) {
      return;
    }
    Map<Integer, String> labels = m.labels();
    b.append("<section class=\"panel\" id=\"trending\" data-section=\"trending-changes\">")
        .append("<h2>Trending feed: what changed</h2><p class=\"note\">")
        .append(esc(f.source())).append(" list of ").append(f.snapshot()).append(" against ")
        .append(f.previousSnapshot()).append(": ").append(f.entered().size())
        .append(" entered, ").append(f.left().size()).append(" left (at most the first ")
        .append("of each shown).</p>\n");
    List<Svg.Bar> bars = new ArrayList<>();
    for (TopicMove t : f.topics()) {
      double d = t.shareNow() - t.shareBefore();
      String label = labels.getOrDefault(t.topicId(), "topic " + t.topicId());
      bars.add(new Svg.Bar("topic-" + t.topicId(), label, Math.abs(d),
          (d >= 0 ? "+" : "−") + Html.num(Math.abs(d) * 100, 1) + " pts",
          label + ": " + Html.pct(t.shareBefore()) + " → " + Html.pct(t.shareNow())
              + " of the list", d >= 0 ? "up" : "down"));
    }
    b.append("<h3>Topics whose share of the list moved most</h3>")
        .append(Svg.bars("trending-topics", "Topic share of the trending list, change",
            bars, "no topic moved"));
    table(b, "entered", "Entered the list", f.entered(), labels);
    table(b, "left", "Left the list", f.left(), labels);
    table(b, "moved", "Moved most in rank", f.moved(), labels);
    b.append("</section>\n");
  }

  private static void table(StringBuilder b, String kind, String title,
      List<TrendingPaper> rows, Map<Integer, String> labels) {
    b.append("<h3>").append(title).append("</h3>");
    if (rows.isEmpty()) {
      b.append("<p class=\"note\">None.</p>");
      return;
    }
    b.append("<table class=\"newest\" data-changes=\"").append(kind).append("\"><thead><tr>")
        .append("<th>Rank</th><th>Before</th><th>Title</th><th>Dominant topic</th></tr>")
        .append("</thead><tbody>");
    for (TrendingPaper p : rows) {
      String label = p.topicId() == null ? null : labels.get(p.topicId());
      b.append("<tr data-paper=\"").append(esc(p.paperId())).append("\"><td class=\"n\">")
          .append(p.rank() == null ? "–" : p.rank()).append("</td><td class=\"n\">")
          .append(p.previousRank() == null ? "–" : p.previousRank())
          .append("</td><td class=\"title\">").append(escCut(p.title(), 200)).append("</td><td>")
          .append(label == null ? "–" : escCut(label, 60)).append("</td></tr>");
    }
    b.append("</tbody></table>");
  }
}
