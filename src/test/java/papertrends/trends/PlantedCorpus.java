package papertrends.trends;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunRegistry;

/**
 * A planted corpus written straight into the input tables of trends (papers, doc_topic_weights,
 * topics, doc_features, vocabulary, model_runs): 13 months 2025-01 … 2026-01, June 2025 empty,
 * 40 papers in each other month; topic 0's dominant count grows, topic 1's shrinks, topics 2–4
 * hold still; the phrase "diffusion transformer" appears from September 2025, "mixture of
 * experts" only in January 2026.
 */
public final class PlantedCorpus {
  static final int K = 5;
  static final int DOCS_PER_MONTH = 40;
  static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
  static final int MONTHS = 13;
  static final int EMPTY_MONTH = 5;
  static final LocalDate NEW_TERM_FROM = LocalDate.of(2025, 9, 1);
  static final String NEW_TERM = "diffusion transformer";
  static final String LAST_MONTH_TERM = "mixture of experts";
  static final String COMMON_TERM = "method";
  /** Jitter added to topic 0's dominant count, by data month, so the trend is not a line. */
  private static final int[] JITTER = {0, 1, -1, 0, 1, 0, -1, 1, 0, -1, 0, 0};
  private static final String[][] WORDS = {
      {"neural network", "training", "gradient", "language model"},
      {"control chart", "process monitoring", "shewhart", "statistical process"},
      {"protein", "gene expression", "cell", "sequencing"},
      {"galaxy", "telescope", "redshift", "dark matter"},
      {"graph", "vertex", "edge coloring", "planar"}};

  /** Planted dominant-topic counts: month index → counts per topic (empty month: null). */
  final Map<Integer, int[]> counts = new LinkedHashMap<>();
  /** Papers per month that carry a category stat.ML too. */
  final Map<Integer, Integer> statMl = new LinkedHashMap<>();
  public final String runId = "r-planted";
  long papersVersion;

  public PlantedCorpus() {
    int j = 0;
    for (int m = 0; m < MONTHS; m++) {
      if (m == EMPTY_MONTH) {
        continue;
      }
      int c0 = 4 + j + JITTER[j];
      counts.put(m, new int[] {c0, 19 - c0, 7, 7, 7});
      j++;
    }
  }

  static LocalDate month(int m) {
    return FIRST.plusMonths(m);
  }

  /** Writes the tables and starts the run; a later papers version moves paper p0 to 2027. */
  public PlantedCorpus write(Warehouse w) {
    SparkSession spark = w.spark();
    List<Row> papers = new ArrayList<>();
    List<Row> weights = new ArrayList<>();
    List<Row> features = new ArrayList<>();
    int n = 0;
    for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
      int m = e.getKey();
      int inMonth = 0;
      int stat = 0;
      for (int t = 0; t < K; t++) {
        for (int c = 0; c < e.getValue()[t]; c++, n++, inMonth++) {
          String id = "p" + n;
          List<String> cats = new ArrayList<>(List.of(n % 2 == 0 ? "cs.A" : "cs.B"));
          if (n % 5 == 0) {
            cats.add("stat.ML");
            stat++;
          }
          Date day = Date.valueOf(month(m).plusDays(inMonth % 28));
          papers.add(RowFactory.create(id, "arxiv", id, "Paper " + id, "Abstract of " + id,
              new String[] {"A. Author"}, cats.toArray(new String[0]), null, day, null, day,
              day, "en", "h" + n, "b1"));
          Double[] wt = new Double[K];
          Arrays.fill(wt, 0.05);
          wt[t] = 0.8;
          weights.add(RowFactory.create(runId, id, wt, t));
          List<String> terms = new ArrayList<>(Arrays.asList(WORDS[t]));
          terms.addAll(List.of(COMMON_TERM, COMMON_TERM, "result", "data"));
          if (!month(m).isBefore(NEW_TERM_FROM) && inMonth % 4 == 0) {
            terms.add(NEW_TERM);
          }
          if (m == MONTHS - 1 && inMonth % 4 == 1) {
            terms.add(LAST_MONTH_TERM);
          }
          features.add(RowFactory.create(runId, id, terms.toArray(new String[0]), new Integer[0],
              new Double[0]));
        }
      }
      statMl.put(m, stat);
    }
    w.append(Tables.PAPERS, spark.createDataFrame(papers, Tables.PAPERS_SCHEMA));
    papersVersion = w.version(Tables.PAPERS);
    new RunRegistry(w).start(runId, Map.of("mode", "refit", "papers_version", papersVersion));
    // A later corpus version the run must not see (time travel to papers_version).
    w.delta(Tables.PAPERS).updateExpr("paper_id = 'p0'",
        Map.of("published_date", "DATE'2027-03-01'"));
    w.append(Tables.DOC_TOPIC_WEIGHTS,
        spark.createDataFrame(weights, Tables.DOC_TOPIC_WEIGHTS_SCHEMA));
    w.append(Tables.DOC_FEATURES, spark.createDataFrame(features, Tables.DOC_FEATURES_SCHEMA));
    List<Row> topics = new ArrayList<>();
    List<Row> vocab = new ArrayList<>();
    int v = 0;
    for (int t = 0; t < K; t++) {
      topics.add(RowFactory.create(runId, t, 100 + t, "topic " + WORDS[t][0],
          WORDS[t], null, null, null, false));
      for (String term : WORDS[t]) {
        vocab.add(RowFactory.create(runId, v++, term, 100L, 2.0));
      }
    }
    w.append(Tables.TOPICS, spark.createDataFrame(topics, Tables.TOPICS_SCHEMA));
    w.append(Tables.VOCABULARY, spark.createDataFrame(vocab, Tables.VOCABULARY_SCHEMA));
    return this;
  }

  /** Adds the run's other gold tables (topic_terms, doc_topics, doc_keywords), for publish. */
  public PlantedCorpus writeGold(Warehouse w) {
    List<Row> topicTerms = new ArrayList<>();
    for (int t = 0; t < K; t++) {
      for (int r = 0; r < WORDS[t].length; r++) {
        topicTerms.add(RowFactory.create(runId, t, 100 + t, WORDS[t][r], 0.1 / (r + 1), r + 1));
      }
    }
    w.append(Tables.TOPIC_TERMS, w.spark().createDataFrame(topicTerms,
        Tables.TOPIC_TERMS_SCHEMA));
    w.append(Tables.DOC_TOPICS, w.read(Tables.DOC_TOPIC_WEIGHTS)
        .selectExpr("run_id", "paper_id", "dominant_topic_id AS topic_id",
            "dominant_topic_id + 100 AS stable_topic_id", "weights[dominant_topic_id] AS weight",
            "true AS is_dominant"));
    w.append(Tables.DOC_KEYWORDS, w.read(Tables.DOC_FEATURES)
        .selectExpr("run_id", "paper_id", "posexplode(slice(terms, 1, 2)) AS (pos, term)")
        .selectExpr("run_id", "paper_id", "term", "1.5 / (pos + 1) AS tfidf", "pos + 1 AS rank"));
    return this;
  }

  /** Papers of a data month. */
  int docs(int m) {
    return counts.containsKey(m) ? DOCS_PER_MONTH : 0;
  }
}
