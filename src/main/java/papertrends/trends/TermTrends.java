package papertrends.trends;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static papertrends.trends.Periods.GROUP_KEY;
import static papertrends.trends.Periods.PAPER_ID;
import static papertrends.trends.Periods.PERIOD_START;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import papertrends.config.TrendSettings;
import papertrends.io.Frames;

/**
 * Term and phrase trends per period from the documents' analysed terms (not only the model's
 * vocabulary): document frequency, share, TF-IDF mass, and a rising score, the log-odds ratio
 * with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008) of the period against
 * its trailing background, as a z-score.
 */
public final class TermTrends {
  private TermTrends() {}

  /** (paper_id, term, tf): each paper's distinct terms with their counts in the paper. */
  public static Dataset<Row> docTerms(Dataset<Row> features) {
    Frames.require(features, "docTerms", PAPER_ID, "terms");
    return features.select(col(PAPER_ID), explode(col("terms")).as("term"))
        .where(col("term").isNotNull().and(length(col("term")).gt(0)))
        .groupBy(PAPER_ID, "term").agg(count(lit(1)).as("tf"));
  }

  /**
   * (term, idf): the run vocabulary's IDF where the term is in it, else the same formula as
   * MLlib's IDF, ln((docs + 1) / (doc_freq + 1)), over the run's documents.
   */
  public static Dataset<Row> idf(Dataset<Row> docTerms, Dataset<Row> features,
      Dataset<Row> vocabulary) {
    Dataset<Row> docs = features.select(PAPER_ID).distinct().agg(count(lit(1)).as("docs"));
    Dataset<Row> computed = docTerms.groupBy("term").agg(count(lit(1)).as("df"))
        .crossJoin(docs)
        .select(col("term"), log(col("docs").plus(1).divide(col("df").plus(1))).as("idf_c"));
    Dataset<Row> vocab = vocabulary.select(col("term"), col("idf").as("idf_v"))
        .dropDuplicates("term");
    return computed.join(vocab, new String[] {"term"}, "left")
        .select(col("term"), coalesce(col("idf_v"), col("idf_c")).as("idf"));
  }

  /**
   * One row per group, term and period from the term's first period on (periods without the
   * term included, with zeros: the trailing backgrounds need them), for terms in at least
   * min-term-docs papers of the group. is_new marks a term's first period when the group has an
   * earlier period with papers (a single period has nothing to compare against, so no term is
   * new there). The table keeps only {@link #filterAbsent} of it.
   *
   * @param events (paper_id, period_start, group_key)
   * @param docTerms {@link #docTerms}
   * @param idf {@link #idf}
   * @param spine {@link Periods#spine}
   */
  public static Dataset<Row> termTrends(Dataset<Row> events, Dataset<Row> docTerms,
      Dataset<Row> idf, Dataset<Row> spine, TrendSettings s) {
    Dataset<Row> docsWithTerms = docTerms.select(PAPER_ID).distinct();
    Dataset<Row> counts = events.join(docTerms, PAPER_ID)
        .groupBy(GROUP_KEY, PERIOD_START, "term")
        .agg(count(lit(1)).as("doc_freq"), sum("tf").as("tf_sum"));
    Dataset<Row> periodDocs = events.join(docsWithTerms, PAPER_ID)
        .groupBy(GROUP_KEY, PERIOD_START).agg(count(lit(1)).as("period_docs"));
    Dataset<Row> periodTerms = counts.groupBy(GROUP_KEY, PERIOD_START)
        .agg(sum("doc_freq").as("n"));
    WindowSpec groupTrailing = Window.partitionBy(GROUP_KEY).orderBy("period_index")
        .rowsBetween(-s.backgroundWindow(), -1);
    Dataset<Row> periods = spine
        .join(periodDocs, new String[] {GROUP_KEY, PERIOD_START}, "left")
        .join(periodTerms, new String[] {GROUP_KEY, PERIOD_START}, "left")
        .withColumn("period_docs", coalesce(col("period_docs"), lit(0L)))
        .withColumn("n", coalesce(col("n"), lit(0L)))
        .withColumn("n_bg", coalesce(sum("n").over(groupTrailing), lit(0L)))
        .withColumn("n_all", sum("n").over(Window.partitionBy(GROUP_KEY)));
    Dataset<Row> firstPeriods = counts.groupBy(GROUP_KEY)
        .agg(min(PERIOD_START).as("group_first_period"));
    Dataset<Row> kept = counts.groupBy(GROUP_KEY, "term")
        .agg(sum("doc_freq").as("term_all"), min(PERIOD_START).as("first_seen_period"))
        .where(col("term_all").geq(s.minTermDocs()));
    Dataset<Row> dense = kept.join(periods, GROUP_KEY)
        .where(col(PERIOD_START).geq(col("first_seen_period")))
        .join(firstPeriods, GROUP_KEY)
        .join(counts, new String[] {GROUP_KEY, PERIOD_START, "term"}, "left")
        .join(idf, new String[] {"term"}, "left")
        .withColumn("doc_freq", coalesce(col("doc_freq"), lit(0L)))
        .withColumn("tf_sum", coalesce(col("tf_sum"), lit(0L)));
    WindowSpec termTrailing = Window.partitionBy(GROUP_KEY, "term").orderBy("period_index")
        .rowsBetween(-s.backgroundWindow(), -1);
    return dense
        .withColumn("y_bg", coalesce(sum("doc_freq").over(termTrailing), lit(0L)))
        .withColumn("low_volume", col("period_docs").lt(s.minPeriodDocs()))
        .withColumn("share", when(col("period_docs").gt(0),
            col("doc_freq").divide(col("period_docs"))).otherwise(lit(0.0)))
        .withColumn("tfidf_mass", col("tf_sum").multiply(coalesce(col("idf"), lit(0.0))))
        .withColumn("log_odds_z", logOddsZ(s.priorScale()))
        .withColumn("is_rising", coalesce(col("log_odds_z").geq(s.risingZ())
            .and(col("doc_freq").geq(s.minRisingDocs())).and(col("low_volume").equalTo(false)),
            lit(false)))
        .withColumn("is_new", col(PERIOD_START).equalTo(col("first_seen_period"))
            .and(col("first_seen_period").gt(col("group_first_period"))))
        .drop("tf_sum", "idf", "y_bg", "n", "n_bg", "n_all", "term_all", "group_first_period");
  }

  /**
   * Removes the rows of periods where the term does not occur (doc_freq 0), so term_trends is
   * sparse; rising and new terms occur in their period and keep their rows.
   */
  public static Dataset<Row> filterAbsent(Dataset<Row> termTrends) {
    return termTrends.where(col("doc_freq").gt(0).or(col("is_rising")).or(col("is_new")));
  }

  /**
   * z-score of the log-odds ratio of the term in the period (doc_freq of n term-document
   * incidences) against its trailing background (y_bg of n_bg), with an informative Dirichlet
   * prior as heavy as the background: alpha_0 = scale × n_bg, alpha_w = alpha_0 × the term's
   * share of the group's whole corpus (term_all / n_all). The prior weighs the same whatever the
   * corpus's length (a prior of the whole corpus's counts swamped the periods of a long one: the
   * CSV set by quarter had 8 rising rows in 98 quarters, all in one). Null when the period or
   * its background is empty.
   */
  static Column logOddsZ(double scale) {
    Column a0 = col("n_bg").multiply(scale);
    Column a = a0.multiply(col("term_all")).divide(col("n_all"));
    Column y = col("doc_freq");
    Column yb = col("y_bg");
    Column delta = log(y.plus(a).divide(col("n").plus(a0).minus(y).minus(a)))
        .minus(log(yb.plus(a).divide(col("n_bg").plus(a0).minus(yb).minus(a))));
    Column sd = sqrt(lit(1.0).divide(y.plus(a)).plus(lit(1.0).divide(yb.plus(a))));
    return when(col("n").gt(0).and(col("n_bg").gt(0)), delta.divide(sd));
  }
}
