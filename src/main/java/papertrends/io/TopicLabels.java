package papertrends.io;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import papertrends.config.UsageException;

/**
 * Curated topic labels (topic_labels: stable_topic_id → label): set by a person with
 * `jobs/papertrends label`, they win over the generated label in new runs' topics, in the
 * latest views and in the report, and survive refits because they follow stable_topic_id.
 */
public final class TopicLabels {
  private TopicLabels() {}

  /** Longest curated label. */
  public static final int MAX_LENGTH = 120;

  /** Sets (or replaces) the curated label of a stable topic id that some run's topics have. */
  public static void set(Warehouse w, int stableTopicId, String label) {
    String text = label == null ? "" : label.strip();
    if (text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(
        Character::isISOControl)) {
      throw new UsageException("a label is one line of 1 to " + MAX_LENGTH + " characters");
    }
    requireKnown(w, stableTopicId);
    w.ensure(Tables.TOPIC_LABELS);
    Dataset<Row> row = w.spark().createDataFrame(List.of(RowFactory.create(stableTopicId, text,
        Timestamp.from(Instant.now()))), Tables.TOPIC_LABELS_SCHEMA);
    DeltaCommits.withRetries("set label of topic " + stableTopicId, 5, () -> {
      w.delta(Tables.TOPIC_LABELS).as("l").merge(row.as("n"),
              "l.stable_topic_id = n.stable_topic_id")
          .whenMatched().updateAll().whenNotMatched().insertAll().execute();
      return null;
    });
  }

  /** Removes a curated label (the generated one shows again); false when there was none. */
  public static boolean clear(Warehouse w, int stableTopicId) {
    if (!curated(w).containsKey(stableTopicId)) {
      return false;
    }
    DeltaCommits.withRetries("clear label of topic " + stableTopicId, 5, () -> {
      w.delta(Tables.TOPIC_LABELS).delete(col("stable_topic_id").equalTo(stableTopicId));
      return null;
    });
    return true;
  }

  /** Curated labels by stable topic id (empty when the table does not exist yet). */
  public static Map<Integer, String> curated(Warehouse w) {
    Map<Integer, String> out = new HashMap<>();
    if (w.exists(Tables.TOPIC_LABELS)) {
      for (Row r : w.read(Tables.TOPIC_LABELS).select("stable_topic_id", "label")
          .collectAsList()) {
        out.put(r.getInt(0), r.getString(1));
      }
    }
    return out;
  }

  /** Replaces label by the curated one where there is one (rows keyed by stable_topic_id). */
  public static Dataset<Row> withCuratedLabels(Dataset<Row> topics, Warehouse w) {
    Frames.require(topics, "withCuratedLabels", "stable_topic_id", "label");
    if (!w.exists(Tables.TOPIC_LABELS)) {
      return topics;
    }
    Dataset<Row> curated = w.read(Tables.TOPIC_LABELS)
        .select(col("stable_topic_id").as("curated_id"), col("label").as("curated_label"));
    List<Column> cols = new ArrayList<>();
    for (String c : topics.columns()) {
      cols.add(c.equals("label") ? coalesce(col("curated_label"), col("label")).as("label")
          : col(c));
    }
    return topics.join(broadcast(curated), col("stable_topic_id").equalTo(col("curated_id")),
        "left").select(cols.toArray(Column[]::new));
  }

  /**
   * SQL of a view over a registered table (topics, topic_trends) with curated labels from a
   * registered topic_labels: the table's columns in order, label replaced.
   */
  public static String curatedSelectSql(String table, String from, String labels,
      String where) {
    StringBuilder cols = new StringBuilder();
    for (String c : Tables.ALL.get(table).fieldNames()) {
      cols.append(cols.length() == 0 ? "" : ", ").append(c.equals("label")
          ? "coalesce(l.label, t.label) AS label" : "t." + c);
    }
    return "SELECT " + cols + " FROM " + from + " t LEFT JOIN " + labels
        + " l ON t.stable_topic_id = l.stable_topic_id WHERE " + where;
  }

  private static void requireKnown(Warehouse w, int stableTopicId) {
    if (!w.exists(Tables.TOPICS) || w.read(Tables.TOPICS)
        .where(col("stable_topic_id").equalTo(stableTopicId)).isEmpty()) {
      throw new UsageException("no topic has stable_topic_id " + stableTopicId
          + " (see: jobs/papertrends sql \"SELECT stable_topic_id, label FROM latest_topics\")");
    }
  }
}
