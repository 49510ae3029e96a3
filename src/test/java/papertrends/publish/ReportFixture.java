package papertrends.publish;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/**
 * A designed warehouse in the contract schemas, written with Warehouse.append: two succeeded
 * runs (the older first) over k topics and P periods, with known hot and cold topics, rising and
 * new terms, trending snapshots and, when hostile, markup in titles, labels and terms. The Java
 * side keeps what was written, so tests compute expectations independently of the report.
 */
final class ReportFixture {
  static final String OLD_RUN = "r20260101T100000-aaaaaa";
  static final String NEW_RUN = "r20260110T060000-bbbbbb";
  static final String SCRIPT_TITLE = "<script>alert(1)</script>";
  /** Would set data-pwned on the page if it ever ran as markup (breaks out of an attribute). */
  static final String ATTR_LABEL =
      "x\"><script>document.documentElement.setAttribute('data-pwned','label')</script>";
  static final String IMG_TERM =
      "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">";
  static final String PWN_TITLE =
      "<script>document.documentElement.setAttribute('data-pwned','title')</script>";
  static final LocalDate LATEST_SNAPSHOT = LocalDate.of(2026, 1, 9);

  static final String[] LABELS = {"large language models", "graph neural networks",
      "statistical process control", "reinforcement learning", "protein structure",
      "quantum error correction", "diffusion models", "federated learning",
      "causal inference", "time series forecasting"};
  static final String[][] TERMS = {
      {"language model", "llm", "instruction", "reasoning", "prompt", "token", "alignment",
          "benchmark"},
      {"graph", "node", "gnn", "message passing", "edge", "embedding", "link prediction",
          "molecule"},
      {"control chart", "process", "monitoring", "shift", "ewma", "cusum", "phase",
          "run length"},
      {"policy", "reward", "agent", "environment", "exploration", "q-learning", "actor",
          "critic"},
      {"protein", "structure", "folding", "residue", "sequence", "binding", "alphafold",
          "docking"},
      {"qubit", "error correction", "surface code", "decoder", "logical", "noise", "fault",
          "threshold"},
      {"diffusion", "denoising", "image", "score", "sampling", "generation", "latent",
          "guidance"},
      {"client", "federated", "privacy", "aggregation", "communication", "heterogeneous",
          "server", "round"},
      {"causal", "treatment", "effect", "confounding", "counterfactual", "instrument",
          "identification", "estimand"},
      {"forecasting", "time series", "horizon", "seasonal", "lstm", "temporal", "anomaly",
          "trend"}};
  static final String[] RISING = {"mixture of experts", "state space model",
      "test-time compute", "agentic workflow", "retrieval augmentation", "sparse autoencoder"};
  static final String[] EARLY_RISING = {"transformer", "attention", "bert", "word embedding"};
  static final String[] NEW = {"reasoning trace", "vision language action", "world model",
      "long context"};

  /** What was written for one paper. */
  record PaperRow(String id, String title, LocalDate date, int dominant, double[] weights) {}

  final int k;
  final int periods;
  final String granularity;
  final boolean hostile;
  final List<PaperRow> papers = new ArrayList<>();
  /** Latest snapshot: rank r (1-based) → paper index. */
  final List<Integer> latestSnapshot = new ArrayList<>();
  final List<String> newTerms = new ArrayList<>();
  final List<String> risingTerms = new ArrayList<>();
  final List<String> labels = new ArrayList<>();
  long papersVersion;

  private static ReportFixture shared;
  private static Warehouse sharedWarehouse;

  /**
   * The fixture most tests read, built once per test JVM: 6 topics, 24 months, 240 papers, two
   * runs, hostile text.
   */
  static synchronized ReportFixture shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("papertrends-report-");
        sharedWarehouse = new Warehouse(TestSpark.session(), TestSpark.settings(dir));
        shared = write(sharedWarehouse, 6, 24, "month", 240, true, true);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** The warehouse of {@link #shared()}. */
  static synchronized Warehouse sharedWarehouse() {
    shared();
    return sharedWarehouse;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }

  private ReportFixture(int k, int periods, String granularity, boolean hostile) {
    this.k = k;
    this.periods = periods;
    this.granularity = granularity;
    this.hostile = hostile;
  }

  /** Writes the fixture into the warehouse and returns what it wrote. */
  static ReportFixture write(Warehouse w, int k, int periods, String granularity, int nPapers,
      boolean twoRuns, boolean hostile) {
    ReportFixture f = new ReportFixture(k, periods, granularity, hostile);
    f.writeAll(w, nPapers, twoRuns);
    return f;
  }

  LocalDate periodStart(int p) {
    LocalDate d0 = granularity.equals("day") ? LocalDate.of(2023, 1, 1)
        : LocalDate.of(2024, 1, 1);
    return granularity.equals("day") ? d0.plusDays(p) : d0.plusMonths(p);
  }

  String label(int t) {
    if (hostile && t == 2) {
      return ATTR_LABEL;
    }
    return t < LABELS.length ? LABELS[t] : LABELS[t % LABELS.length] + " " + (t / 10 + 1);
  }

  String term(int t, int r) {
    if (hostile && t == 3 && r == 2) {
      return IMG_TERM;
    }
    return t < TERMS.length ? TERMS[t][r] : TERMS[t % TERMS.length][r] + " " + t;
  }

  /** The topic a run marks hot (old run: topic 2, new run: topic 0) and cold (1 in both). */
  static int hotTopic(String run) {
    return run.equals(OLD_RUN) ? 2 : 0;
  }

  /** The share the fixture gives topic t in period p of a run (as the SQL below computes it). */
  double designedShare(String run, int t, int p) {
    double total = 0;
    double mine = 0;
    for (int u = 0; u < k; u++) {
      double w = designedWeight(run, u, p);
      total += w;
      mine = u == t ? w : mine;
    }
    return mine / total;
  }

  private double designedWeight(String run, int t, int p) {
    double last = Math.max(1, periods - 1);
    return 1 + (t == hotTopic(run) ? 4 * p / last : 0) + (t == 1 ? 3 * (1 - p / last) : 0)
        + 0.4 * Math.sin(p * 0.7 + t) + 0.3 * (t % 3);
  }

  private void writeAll(Warehouse w, int nPapers, boolean twoRuns) {
    SparkSession spark = w.spark();
    List<String> runs = twoRuns ? List.of(OLD_RUN, NEW_RUN) : List.of(NEW_RUN);
    for (int t = 0; t < k; t++) {
      labels.add(label(t));
    }
    // papers, doc_topic_weights, doc_topics, paper_sightings
    List<Row> paperRows = new ArrayList<>();
    List<Row> weightRows = new ArrayList<>();
    List<Row> docTopicRows = new ArrayList<>();
    List<Row> keywordRows = new ArrayList<>();
    for (int i = 0; i < nPapers; i++) {
      int p = (int) ((long) i * periods / nPapers);
      LocalDate date = periodStart(p).plusDays(i % 3);
      int dom = i % k;
      double wd = 0.55 + 0.4 * ((i * 37) % 100) / 100.0;
      String title = "On " + labels.get(dom) + ": study " + i;
      if (i == nPapers - 1) {
        dom = 0;
        wd = 0.99;
        title = hostile ? SCRIPT_TITLE : "Mixture of experts for long context reasoning";
      } else if (i == nPapers - 3 && hostile) {
        title = PWN_TITLE;
      }
      double[] ws = new double[k];
      int second = (dom + 1) % k;
      for (int t = 0; t < k; t++) {
        ws[t] = t == dom ? wd : t == second ? (1 - wd) * 0.6 : (1 - wd) * 0.4 / (k - 2);
      }
      PaperRow pr = new PaperRow(String.format("arxiv:p%05d", i), title, date, dom, ws);
      papers.add(pr);
      paperRows.add(RowFactory.create(pr.id(), "arxiv", pr.id(), title, "Abstract " + i,
          new String[] {"Author " + (i % 17), "Author " + (i % 5 + 20)},
          new String[] {i % 2 == 0 ? "cs.LG" : "stat.ME"}, Date.valueOf(date),
          Date.valueOf(date)));
      for (String run : runs) {
        List<Double> wl = new ArrayList<>();
        for (double x : ws) {
          wl.add(x);
        }
        weightRows.add(RowFactory.create(run, pr.id(), wl.toArray(new Double[0]), dom));
        for (int r = 0; r < 3; r++) {
          keywordRows.add(RowFactory.create(run, pr.id(), term(dom, r), 0.5 / (r + 1), r + 1));
        }
        for (int t = 0; t < k; t++) {
          if (ws[t] >= 0.1) {
            docTopicRows.add(RowFactory.create(run, pr.id(), t, 100 + t, ws[t], t == dom));
          }
        }
      }
    }
    appendPadded(w, Tables.PAPERS, spark.createDataFrame(paperRows, StructType.fromDDL(
        "paper_id STRING, source STRING, source_id STRING, title STRING, abstract STRING,"
            + " authors ARRAY<STRING>, categories ARRAY<STRING>, published_date DATE,"
            + " first_seen_date DATE")));
    papersVersion = w.version(Tables.PAPERS);
    appendPadded(w, Tables.DOC_TOPIC_WEIGHTS, spark.createDataFrame(weightRows, StructType.fromDDL(
        "run_id STRING, paper_id STRING, weights ARRAY<DOUBLE>, dominant_topic_id INT")));
    appendPadded(w, Tables.DOC_TOPICS, spark.createDataFrame(docTopicRows, StructType.fromDDL(
        "run_id STRING, paper_id STRING, topic_id INT, stable_topic_id INT, weight DOUBLE,"
            + " is_dominant BOOLEAN")));

    appendPadded(w, Tables.DOC_KEYWORDS, spark.createDataFrame(keywordRows,
        Tables.DOC_KEYWORDS_SCHEMA));

    List<Row> sightings = new ArrayList<>();
    for (int r = 1; r <= 25; r++) {
      int idx = nPapers - 1 - (r - 1) * 2;
      latestSnapshot.add(idx);
      sightings.add(RowFactory.create(papers.get(idx).id(), Date.valueOf(LATEST_SNAPSHOT),
          "trending-page", r));
      sightings.add(RowFactory.create(papers.get(idx - 1).id(),
          Date.valueOf(LATEST_SNAPSHOT.minusDays(30)), "trending-page", r));
    }
    appendPadded(w, Tables.PAPER_SIGHTINGS, spark.createDataFrame(sightings, StructType.fromDDL(
        "paper_id STRING, snapshot_date DATE, source STRING, rank INT")));

    // topics and topic_terms
    List<Row> topicRows = new ArrayList<>();
    List<Row> termRows = new ArrayList<>();
    for (String run : runs) {
      for (int t = 0; t < k; t++) {
        List<String> top = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
          top.add(term(t, r));
          termRows.add(RowFactory.create(run, t, 100 + t, term(t, r), 0.09 / (1 + 0.45 * r),
              r + 1));
        }
        topicRows.add(RowFactory.create(run, t, 100 + t, labels.get(t),
            top.subList(0, 5).toArray(new String[0]), 0.05 + 0.01 * (t % 7),
            1.0 / k + (t == 0 ? 0.02 : 0) - (t == 1 ? 0.01 : 0), (long) nPapers / k, false));
      }
    }
    appendPadded(w, Tables.TOPICS, spark.createDataFrame(topicRows, Tables.TOPICS_SCHEMA));
    appendPadded(w, Tables.TOPIC_TERMS, spark.createDataFrame(termRows, Tables.TOPIC_TERMS_SCHEMA));

    // topic_trends, generated in Spark: k × periods rows per run.
    Dataset<Row> topicsDf = w.read(Tables.TOPICS).select("run_id", "topic_id",
        "stable_topic_id", "label");
    String start = periodStart(0).toString();
    String periodExpr = granularity.equals("day") ? "date_add(DATE'" + start + "', p)"
        : "add_months(DATE'" + start + "', p)";
    Dataset<Row> grid = spark.range((long) k * periods)
        .select(expr("CAST(id % " + k + " AS INT)").as("topic_id"),
            expr("CAST(id DIV " + k + " AS INT)").as("p"))
        .crossJoin(spark.createDataFrame(runs.stream().map(r -> RowFactory.create(r)).toList(),
            StructType.fromDDL("run_id STRING")));
    double last = Math.max(1, periods - 1);
    Dataset<Row> weighted = grid.withColumn("hot_t",
            expr("CASE WHEN run_id = '" + OLD_RUN + "' THEN 2 ELSE 0 END"))
        .withColumn("w", expr("1 + CASE WHEN topic_id = hot_t THEN 4 * p / " + last
            + " ELSE 0 END + CASE WHEN topic_id = 1 THEN 3 * (1 - p / " + last
            + ") ELSE 0 END + 0.4 * sin(p * 0.7 + topic_id) + 0.3 * (topic_id % 3)"))
        .withColumn("period_docs", expr("CAST(20 + p % 7 AS BIGINT)"));
    Dataset<Row> trends = weighted
        .withColumn("share", expr("w / sum(w) OVER (PARTITION BY run_id, p)"))
        .withColumn("period_start", expr(periodExpr))
        .withColumn("granularity", lit(granularity))
        .withColumn("weight_sum", expr("share * period_docs"))
        .withColumn("doc_count", expr("CAST(round(share * period_docs) AS BIGINT)"))
        .withColumn("share_change", expr("share - lag(share) OVER (PARTITION BY run_id,"
            + " topic_id ORDER BY p)"))
        .withColumn("trend", expr("CASE WHEN p >= " + (periods - 3) + " AND topic_id = hot_t"
            + " THEN 'hot' WHEN p >= " + (periods - 3) + " AND topic_id = 1 THEN 'cold'"
            + " ELSE 'steady' END"))
        .withColumn("low_volume", lit(false))
        .join(topicsDf, new String[] {"run_id", "topic_id"});
    appendPadded(w, Tables.TOPIC_TRENDS, trends);

    // term_trends: rising in the latest periods, rising only earlier, new, and old terms.
    List<Row> termTrendRows = new ArrayList<>();
    List<String> fresh = new ArrayList<>(List.of(NEW));
    if (hostile) {
      fresh.set(3, IMG_TERM);
    }
    risingTerms.addAll(List.of(RISING));
    for (String run : runs) {
      for (int p = 0; p < periods; p++) {
        Date ps = Date.valueOf(periodStart(p));
        boolean latest = p >= periods - 3;
        for (int j = 0; j < RISING.length; j++) {
          termTrendRows.add(RowFactory.create(run, ps, granularity, null, RISING[j], 25L,
              (long) (2 + j), 0.1, 1.0, latest ? 5.0 - 0.5 * j : 0.2, latest,
              Date.valueOf(periodStart(0)), false, false));
        }
        for (int j = 0; j < EARLY_RISING.length; j++) {
          boolean early = p == periods / 2;
          termTrendRows.add(RowFactory.create(run, ps, granularity, null, EARLY_RISING[j], 25L,
              5L, 0.2, 1.0, early ? 9.0 : 0.1, early, Date.valueOf(periodStart(0)), false,
              false));
        }
        for (int j = 0; j < fresh.size(); j++) {
          int first = periods - 1 - (j % 3);
          if (p >= first) {
            termTrendRows.add(RowFactory.create(run, ps, granularity, null, fresh.get(j), 25L,
                (long) (10 - 2 * j), 0.1, 1.0, 0.5, false, Date.valueOf(periodStart(first)),
                false, p == first));
          }
        }
      }
    }
    newTerms.addAll(fresh);
    appendPadded(w, Tables.TERM_TRENDS, spark.createDataFrame(termTrendRows, Tables.TERM_TRENDS_SCHEMA));

    // model_runs: the old run finished first.
    List<Row> runRows = new ArrayList<>();
    for (String run : runs) {
      boolean old = run.equals(OLD_RUN);
      Object[] v = new Object[Tables.MODEL_RUNS_SCHEMA.size()];
      String[] names = Tables.MODEL_RUNS_SCHEMA.fieldNames();
      for (int i = 0; i < names.length; i++) {
        v[i] = switch (names[i]) {
          case "run_id" -> run;
          case "started_at" -> Timestamp.valueOf(old ? "2026-01-01 10:00:00"
              : "2026-01-10 06:00:00");
          case "finished_at" -> Timestamp.valueOf(old ? "2026-01-01 10:05:00"
              : "2026-01-10 06:07:00");
          case "status" -> "succeeded";
          case "mode" -> "refit";
          case "papers_version" -> papersVersion;
          case "input_versions" -> "{\"papers\":" + papersVersion + "}";
          case "code_version" -> "0.1.0";
          case "k" -> k;
          case "optimizer" -> "online";
          case "seed" -> 42L;
          case "docs" -> (long) nPapers;
          case "vocab_size" -> 1234;
          case "log_perplexity" -> -7.5;
          case "mean_npmi" -> old ? 0.123 : 0.141;
          default -> null;
        };
      }
      runRows.add(RowFactory.create(v));
    }
    appendPadded(w, Tables.MODEL_RUNS, spark.createDataFrame(runRows, Tables.MODEL_RUNS_SCHEMA));
  }

  /**
   * Appends the fixture's rows with the contract's other columns as typed NULLs: the fixture
   * sets only what the report reads, and Frames.conform refuses a frame that lacks a column.
   */
  static void appendPadded(Warehouse w, String table, Dataset<Row> df) {
    java.util.Set<String> have = java.util.Set.of(df.columns());
    Dataset<Row> out = df;
    for (org.apache.spark.sql.types.StructField f : Tables.ALL.get(table).fields()) {
      if (!have.contains(f.name())) {
        out = out.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    w.append(table, out);
  }
}
