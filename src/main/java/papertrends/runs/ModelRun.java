package papertrends.runs;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Row;

/**
 * One model_runs row, typed: the only way runs/ hands a run's record around (no untyped Row
 * read with getAs). Columns are described in docs/data-dictionary.md.
 */
public record ModelRun(String runId, Timestamp startedAt, Timestamp finishedAt, String status,
    String mode, String modeReason, String config, Long papersVersion, String inputVersions,
    String asOf, String codeVersion, Integer k, String optimizer, Long seed, Long docs,
    Integer vocabSize, Double logPerplexity, Double meanNpmi, String timings, String modelPath,
    String modelRunId, String error, Timestamp heartbeatAt, String stages,
    Timestamp prunedAt) {

  /** The typed record of a model_runs row (columns missing from an old table are null). */
  public static ModelRun of(Row r) {
    return new ModelRun(get(r, "run_id"), get(r, "started_at"), get(r, "finished_at"),
        get(r, "status"), get(r, "mode"), get(r, "mode_reason"), get(r, "config"),
        get(r, "papers_version"), get(r, "input_versions"), get(r, "as_of"),
        get(r, "code_version"), get(r, "k"), get(r, "optimizer"), get(r, "seed"),
        get(r, "docs"), get(r, "vocab_size"), get(r, "log_perplexity"), get(r, "mean_npmi"),
        get(r, "timings"), get(r, "model_path"), get(r, "model_run_id"), get(r, "error"),
        get(r, "heartbeat_at"), get(r, "stages"), get(r, "pruned_at"));
  }

  @SuppressWarnings("unchecked")
  private static <T> T get(Row r, String column) {
    int i;
    try {
      i = r.fieldIndex(column);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return r.isNullAt(i) ? null : (T) r.get(i);
  }

  /** The stages JSON of a run as one line: "features done 12s, topics running (2 attempts)". */
  public static String stagesSummary(String stagesJson) {
    return Stages.summary(stagesJson);
  }

  /** True for a run of a point of history (rerun, as-of run, backfill step). */
  public boolean history() {
    return asOf != null;
  }

  /** True when maintain deleted the run's rows (its model_runs row stays). */
  public boolean pruned() {
    return prunedAt != null;
  }

  public boolean running() {
    return RunRegistry.RUNNING.equals(status);
  }

  public boolean succeeded() {
    return RunRegistry.SUCCEEDED.equals(status);
  }

  public boolean failed() {
    return RunRegistry.FAILED.equals(status);
  }

  /** The date a run stands for: its as-of date, else the day it started (UTC). */
  public LocalDate date() {
    if (asOf != null && asOf.startsWith(Replay.AS_OF_DATE)) {
      return LocalDate.parse(asOf.substring(Replay.AS_OF_DATE.length()));
    }
    return startedAt.toInstant().atOffset(ZoneOffset.UTC).toLocalDate();
  }

  /** The Delta version of a table this run recorded in input_versions, or -1. */
  public long recordedVersion(String table) {
    if (inputVersions == null) {
      return -1;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\"" + java.util.regex.Pattern.quote(table) + "\"\\s*:\\s*(-?\\d+)")
        .matcher(inputVersions);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
