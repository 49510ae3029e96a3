package papertrends.runs;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * How two runs' topics match: each topic of run A paired with the topic of run B whose top terms
 * overlap most (Jaccard, greedy best pairs first), with both shares and their difference;
 * unmatched topics of either run are listed with a null partner.
 */
public final class RunComparison {
  private RunComparison() {}

  public static final StructType SCHEMA = StructType.fromDDL(
      "topic_a INT, label_a STRING, topic_b INT, label_b STRING, term_overlap DOUBLE,"
          + " share_a DOUBLE, share_b DOUBLE, share_diff DOUBLE, same_stable_id BOOLEAN");

  private record Topic(int id, Integer stable, String label, Set<String> terms, double share) {}

  /** The matched topic pairs of runs a and b, ordered by topic of a. */
  public static Dataset<Row> compare(Warehouse w, String a, String b) {
    List<Topic> ta = topics(w, a);
    List<Topic> tb = topics(w, b);
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < ta.size(); i++) {
      for (int j = 0; j < tb.size(); j++) {
        pairs.add(new double[] {jaccard(ta.get(i).terms(), tb.get(j).terms()), i, j});
      }
    }
    pairs.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0])
        : x[1] != y[1] ? Double.compare(x[1], y[1]) : Double.compare(x[2], y[2]));
    Integer[] match = new Integer[ta.size()];
    boolean[] usedB = new boolean[tb.size()];
    double[] overlap = new double[ta.size()];
    for (double[] p : pairs) {
      int i = (int) p[1];
      int j = (int) p[2];
      if (match[i] == null && !usedB[j] && p[0] > 0) {
        match[i] = j;
        usedB[j] = true;
        overlap[i] = p[0];
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ta.size(); i++) {
      Topic x = ta.get(i);
      Topic y = match[i] == null ? null : tb.get(match[i]);
      rows.add(RowFactory.create(x.id(), x.label(), y == null ? null : y.id(),
          y == null ? null : y.label(), y == null ? 0.0 : overlap[i], x.share(),
          y == null ? null : y.share(), y == null ? null : y.share() - x.share(),
          y != null && x.stable() != null && x.stable().equals(y.stable())));
    }
    for (int j = 0; j < tb.size(); j++) {
      if (!usedB[j]) {
        Topic y = tb.get(j);
        rows.add(RowFactory.create(null, null, y.id(), y.label(), 0.0, null, y.share(), null,
            false));
      }
    }
    SparkSession spark = w.spark();
    return spark.createDataFrame(rows, SCHEMA);
  }

  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }

  private static List<Topic> topics(Warehouse w, String runId) {
    List<Row> rows = w.read(Tables.TOPICS).where(col("run_id").equalTo(runId))
        .orderBy("topic_id").collectAsList();
    if (rows.isEmpty()) {
      throw new papertrends.config.UsageException("run " + runId + " has no topics");
    }
    List<Topic> out = new ArrayList<>();
    for (Row r : rows) {
      List<String> terms = r.isNullAt(r.fieldIndex("top_terms")) ? List.of()
          : r.getList(r.fieldIndex("top_terms"));
      Double share = r.getAs("prevalence");
      out.add(new Topic(r.<Integer>getAs("topic_id"), r.getAs("stable_topic_id"),
          r.getAs("label"), new HashSet<>(terms), share == null ? 0 : share));
    }
    return out;
  }
}
