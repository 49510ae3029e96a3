package papertrends.publish;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.io.Tables;
import papertrends.io.TopicLabels;
import papertrends.io.Warehouse;

/**
 * The export layout under {@code <warehouse>/exports/}: every exported run of a gold table in its
 * own Hive-style folder {@code TABLE/run_id=RUN/TABLE.{parquet,csv}}, the latest regular run
 * also at the stable {@code TABLE/TABLE.{parquet,csv}}, plus {@code papers/} (the corpus without
 * abstracts, for titles and authors) and {@code model_runs/} (every run and its status).
 */
public final class RunExports {
  private RunExports() {}

  /** Gold tables exported per run. */
  public static final List<String> RUN_TABLES = List.of(Tables.TOPICS, Tables.TOPIC_TERMS,
      Tables.DOC_TOPICS, Tables.TOPIC_TRENDS, Tables.TERM_TRENDS, Tables.DOC_KEYWORDS,
      Tables.TRENDING_CHANGES);

  /** Columns of the papers export: everything but the abstract and bookkeeping. */
  static final List<String> PAPER_COLUMNS = List.of("paper_id", "source", "source_id", "title",
      "authors", "categories", "doi", "published_date", "updated_date", "first_seen_date",
      "last_seen_date", "language");

  /** The folder of one run's export of a table. */
  public static String runDir(Warehouse w, String table, String runId) {
    return w.path("exports", table, "run_id=" + runId);
  }

  /** The stable folder of a table's latest export. */
  public static String latestDir(Warehouse w, String table) {
    return w.path("exports", table);
  }

  /**
   * Exports the run's gold tables into their run_id folders and, when the run becomes the latest,
   * copies them to the stable paths and exports papers. Returns the exported rows per table.
   */
  public static Map<String, Long> writeRun(Warehouse w, String runId, boolean latest) {
    Map<String, Long> exported = new LinkedHashMap<>();
    try {
      for (String table : RUN_TABLES) {
        w.spark().sparkContext().setJobDescription("publish: export " + table + " of run "
            + runId);
        Dataset<Row> rows = w.read(table).where(col("run_id").equalTo(runId));
        if (table.equals(Tables.TOPICS) || table.equals(Tables.TOPIC_TRENDS)) {
          rows = TopicLabels.withCuratedLabels(rows, w);
        }
        String dir = runDir(w, table, runId);
        long count = Exports.write(rows, table, w.storage(), dir);
        if (latest) {
          for (String ext : List.of(".parquet", ".csv")) {
            w.storage().copy(dir + "/" + table + ext,
                latestDir(w, table) + "/" + table + ext);
          }
        }
        exported.put(table, count);
      }
      if (latest) {
        w.spark().sparkContext().setJobDescription("publish: export papers");
        Dataset<Row> papers = w.read(Tables.PAPERS).select(PAPER_COLUMNS.stream()
            .map(c -> col(c)).toArray(Column[]::new));
        exported.put(Tables.PAPERS, Exports.write(papers, Tables.PAPERS, w.storage(),
            latestDir(w, Tables.PAPERS)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("export of run " + runId + " failed: " + e.getMessage(), e);
    } finally {
      w.spark().sparkContext().setJobDescription(null);
    }
    return exported;
  }

  /** Exports model_runs whole (every run with its status), after the run's status changed. */
  public static void writeRuns(Warehouse w) {
    try {
      Exports.write(w.read(Tables.MODEL_RUNS), Tables.MODEL_RUNS, w.storage(),
          latestDir(w, Tables.MODEL_RUNS));
    } catch (IOException e) {
      throw new UncheckedIOException("export of model_runs failed: " + e.getMessage(), e);
    }
  }
}
