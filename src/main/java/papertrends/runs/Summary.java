package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/** The one summary a pipeline, rerun or backfill step prints on standard output. */
public final class Summary {
  private Summary() {}

  /** Prints what the ingest batch and the analysis run (if any) produced. */
  public static void print(PrintStream out, Warehouse w, IngestJob.Result in,
      AnalysisRun.Outcome run, String noRunReason) {
    if (in != null) {
      out.printf(Locale.ROOT, "papers: %d new, %d updated, %d rejected (batch %s, %d file(s)"
          + " read, %d already taken)%n", in.inserted(), in.updated(), in.rejects(),
          in.batchId(), in.filesTaken(), in.filesSkipped());
    }
    if (run == null) {
      out.println("analysis: " + noRunReason + "; the latest succeeded run stays current"
          + " (jobs/papertrends runs lists them)");
    } else {
      printRun(out, w, run);
    }
    out.println("tables:  " + w.tablesDir() + " (jobs/papertrends sql \"SELECT *"
        + " FROM latest_topic_trends\")");
    out.println("exports: " + w.exportsDir());
    out.println("report:  " + w.reportDir() + "/index.html");
    out.flush();
  }

  static void printRun(PrintStream out, Warehouse w, AnalysisRun.Outcome run) {
    String id = run.runId();
    ModelRun r = new RunHistory(w).get(id).orElseThrow();
    Double npmi = r.meanNpmi();
    out.printf(Locale.ROOT, "run:     %s %s (%s), k=%s, mean NPMI %s, %s docs%n", id,
        r.status(), run.mode() + ": " + run.modeReason(), r.k(),
        npmi == null ? "-" : String.format(Locale.ROOT, "%.3f", npmi), r.docs());
    out.println("hot:     " + String.join("; ", hotTopics(w, id)));
    out.println("rising:  " + String.join(", ", risingTerms(w, id, 10)));
  }

  /** Labels of the run's hot topics in its last period. */
  public static List<String> hotTopics(Warehouse w, String runId) {
    Dataset<Row> t = w.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(runId)
        .and(col("group_key").isNull()));
    Dataset<Row> last = lastPeriod(t);
    List<String> hot = last.where(col("trend").equalTo("hot")).orderBy(col("share").desc())
        .select("label").collectAsList().stream().map(x -> x.getString(0)).toList();
    return hot.isEmpty() ? List.of("none in the last period") : hot;
  }

  /** The run's top rising terms of its last period (by log-odds z-score). */
  public static List<String> risingTerms(Warehouse w, String runId, int n) {
    Dataset<Row> t = w.read(Tables.TERM_TRENDS).where(col("run_id").equalTo(runId)
        .and(col("group_key").isNull()));
    List<String> terms = lastPeriod(t).where(col("is_rising"))
        .orderBy(col("log_odds_z").desc(), col("term")).limit(n).select("term")
        .collectAsList().stream().map(x -> x.getString(0)).toList();
    return terms.isEmpty() ? List.of("none in the last period") : terms;
  }

  /** Rows of the last period with enough papers to say something (else the last period). */
  private static Dataset<Row> lastPeriod(Dataset<Row> t) {
    Row m = t.where(col("low_volume").isNull().or(col("low_volume").equalTo(false)))
        .agg(max("period_start")).first();
    if (m.isNullAt(0)) {
      m = t.agg(max("period_start")).first();
    }
    return m.isNullAt(0) ? t.limit(0) : t.where(col("period_start").equalTo(m.get(0)));
  }
}
