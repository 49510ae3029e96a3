package papertrends.io;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.StructType;

/**
 * Names and schemas of every warehouse table (the contracts of DESIGN.md and
 * docs/data-dictionary.md). Schemas are explicit: nothing is inferred.
 */
public final class Tables {
  private Tables() {}

  public static final String PAPERS = "papers";
  public static final String PAPER_SIGHTINGS = "paper_sightings";
  public static final String INGEST_FILES = "ingest_files";
  public static final String REJECTS = "rejects";
  public static final String MODEL_RUNS = "model_runs";
  public static final String TOPICS = "topics";
  public static final String TOPIC_TERMS = "topic_terms";
  public static final String DOC_TOPICS = "doc_topics";
  public static final String DOC_KEYWORDS = "doc_keywords";
  public static final String TOPIC_TRENDS = "topic_trends";
  public static final String TERM_TRENDS = "term_trends";
  public static final String DOC_FEATURES = "doc_features";
  public static final String VOCABULARY = "vocabulary";
  public static final String DOC_TOPIC_WEIGHTS = "doc_topic_weights";
  public static final String TOPIC_LABELS = "topic_labels";
  public static final String TRENDING_CHANGES = "trending_changes";

  public static final StructType PAPERS_SCHEMA = StructType.fromDDL(
      "paper_id STRING NOT NULL, source STRING, source_id STRING, title STRING, abstract STRING,"
          + " authors ARRAY<STRING>, categories ARRAY<STRING>, doi STRING, published_date DATE,"
          + " updated_date DATE, first_seen_date DATE, last_seen_date DATE, language STRING,"
          + " content_hash STRING, ingest_batch_id STRING");

  public static final StructType PAPER_SIGHTINGS_SCHEMA = StructType.fromDDL(
      "paper_id STRING NOT NULL, snapshot_date DATE, source STRING, rank INT,"
          + " ingest_batch_id STRING");

  public static final StructType INGEST_FILES_SCHEMA = StructType.fromDDL(
      "path STRING, size BIGINT, checksum STRING, format STRING, mapping STRING,"
          + " ingest_batch_id STRING, ingested_at TIMESTAMP, snapshot_date DATE,"
          + " records BIGINT, papers BIGINT, rejects BIGINT, withdrawn BIGINT");

  public static final StructType REJECTS_SCHEMA = StructType.fromDDL(
      "file STRING, position STRING, reason STRING, snippet STRING, ingest_batch_id STRING,"
          + " rejected_at TIMESTAMP");

  public static final StructType MODEL_RUNS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, started_at TIMESTAMP, finished_at TIMESTAMP, status STRING,"
          + " mode STRING, mode_reason STRING, config STRING, papers_version BIGINT,"
          + " input_versions STRING, as_of STRING, code_version STRING, k INT, optimizer STRING,"
          + " seed BIGINT, docs BIGINT, vocab_size INT, log_perplexity DOUBLE, mean_npmi DOUBLE,"
          + " timings STRING, model_path STRING, model_run_id STRING, error STRING,"
          + " heartbeat_at TIMESTAMP, stages STRING, pruned_at TIMESTAMP");

  public static final StructType TOPICS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, topic_id INT, stable_topic_id INT, label STRING,"
          + " top_terms ARRAY<STRING>, npmi DOUBLE, prevalence DOUBLE, doc_count BIGINT,"
          + " is_new BOOLEAN");

  public static final StructType TOPIC_TERMS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, topic_id INT, stable_topic_id INT, term STRING, weight DOUBLE,"
          + " rank INT");

  public static final StructType DOC_TOPICS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, paper_id STRING, topic_id INT, stable_topic_id INT,"
          + " weight DOUBLE, is_dominant BOOLEAN");

  public static final StructType DOC_KEYWORDS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, paper_id STRING, term STRING, tfidf DOUBLE, rank INT");

  public static final StructType TOPIC_TRENDS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, period_start DATE, granularity STRING, group_key STRING,"
          + " topic_id INT, stable_topic_id INT, label STRING, period_docs BIGINT,"
          + " doc_count BIGINT, weight_sum DOUBLE, share DOUBLE, share_change DOUBLE,"
          + " zscore DOUBLE, slope DOUBLE, slope_pvalue DOUBLE, trend STRING,"
          + " low_volume BOOLEAN");

  public static final StructType TERM_TRENDS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, period_start DATE, granularity STRING, group_key STRING,"
          + " term STRING, period_docs BIGINT, doc_freq BIGINT, share DOUBLE, tfidf_mass DOUBLE,"
          + " log_odds_z DOUBLE, is_rising BOOLEAN, first_seen_period DATE, low_volume BOOLEAN,"
          + " is_new BOOLEAN");

  /** Per run: papers that entered, left or moved in a trending list between two snapshots. */
  public static final StructType TRENDING_CHANGES_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, source STRING, snapshot_date DATE, previous_snapshot_date DATE,"
          + " paper_id STRING, change STRING, rank INT, previous_rank INT, rank_change INT");

  /**
   * Per run and paper: every analysed term of the paper (cleaned tokens and phrases, repeats
   * kept, before vocabulary pruning: term_trends reads these) and its sparse count vector over
   * the run's vocabulary (term_indices into vocabulary.term_index, term_counts).
   */
  public static final StructType DOC_FEATURES_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, paper_id STRING, terms ARRAY<STRING>, term_indices ARRAY<INT>,"
          + " term_counts ARRAY<DOUBLE>");

  /** Per run: the model vocabulary, its document frequencies and IDF weights. */
  public static final StructType VOCABULARY_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, term_index INT, term STRING, doc_freq BIGINT, idf DOUBLE");

  /**
   * Per run and paper: the full doc–topic distribution (weights[i] = weight of topic_id i, sums
   * to 1), from which trend shares are computed; doc_topics keeps only weights above a threshold.
   */
  public static final StructType DOC_TOPIC_WEIGHTS_SCHEMA = StructType.fromDDL(
      "run_id STRING NOT NULL, paper_id STRING, weights ARRAY<DOUBLE>, dominant_topic_id INT");

  /** Curated labels by stable topic id (not run-keyed: they outlive refits). */
  public static final StructType TOPIC_LABELS_SCHEMA = StructType.fromDDL(
      "stable_topic_id INT NOT NULL, label STRING, set_at TIMESTAMP");

  /** Every table with its schema, in creation order. Stages may add their own tables here. */
  public static final Map<String, StructType> ALL = new LinkedHashMap<>();

  static {
    ALL.put(PAPERS, PAPERS_SCHEMA);
    ALL.put(PAPER_SIGHTINGS, PAPER_SIGHTINGS_SCHEMA);
    ALL.put(INGEST_FILES, INGEST_FILES_SCHEMA);
    ALL.put(REJECTS, REJECTS_SCHEMA);
    ALL.put(MODEL_RUNS, MODEL_RUNS_SCHEMA);
    ALL.put(TOPICS, TOPICS_SCHEMA);
    ALL.put(TOPIC_TERMS, TOPIC_TERMS_SCHEMA);
    ALL.put(DOC_TOPICS, DOC_TOPICS_SCHEMA);
    ALL.put(DOC_KEYWORDS, DOC_KEYWORDS_SCHEMA);
    ALL.put(TOPIC_TRENDS, TOPIC_TRENDS_SCHEMA);
    ALL.put(TERM_TRENDS, TERM_TRENDS_SCHEMA);
    ALL.put(DOC_FEATURES, DOC_FEATURES_SCHEMA);
    ALL.put(VOCABULARY, VOCABULARY_SCHEMA);
    ALL.put(DOC_TOPIC_WEIGHTS, DOC_TOPIC_WEIGHTS_SCHEMA);
    ALL.put(TOPIC_LABELS, TOPIC_LABELS_SCHEMA);
    ALL.put(TRENDING_CHANGES, TRENDING_CHANGES_SCHEMA);
  }
}
