package papertrends.runs;

import static org.apache.spark.sql.functions.col;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import papertrends.config.MaintainSettings;
import papertrends.io.DeltaCommits;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Parallel;

/**
 * Which runs maintain prunes, and their rows, models and export folders. A run is pruned when it
 * started more than keep-runs-days ago and nothing keeps it: not the latest succeeded regular
 * run, not in papertrends.maintain.keep, not running, and not the model run of a kept run.
 */
final class RunPruning {
  private RunPruning() {}

  /** The runs to prune, the old runs kept (id → why) and the failed runs (export folders go). */
  record Plan(List<ModelRun> prune, Map<String, String> keptOld, List<String> failed) {
    List<String> pruneIds() {
      return prune.stream().map(ModelRun::runId).toList();
    }
  }

  static Plan plan(Warehouse w, MaintainSettings s, Instant now) {
    if (!w.exists(Tables.MODEL_RUNS)) {
      return new Plan(List.of(), Map.of(), List.of());
    }
    List<ModelRun> runs = w.read(Tables.MODEL_RUNS).orderBy(col("started_at"), col("run_id"))
        .collectAsList().stream().map(ModelRun::of).toList();
    Map<String, ModelRun> byId = new LinkedHashMap<>();
    runs.forEach(r -> byId.put(r.runId(), r));
    Timestamp cutoff = Timestamp.from(now.minus(Duration.ofDays(s.keepRunsDays())));
    Map<String, String> keep = new LinkedHashMap<>();
    new RunHistory(w).latest().ifPresent(r -> keep.put(r.runId(),
        "the latest succeeded regular run"));
    s.keep().forEach(id -> keep.putIfAbsent(id, "named in papertrends.maintain.keep"));
    for (ModelRun r : runs) {
      if (r.running()) {
        keep.putIfAbsent(r.runId(), "running");
      } else if (!old(r, cutoff)) {
        keep.putIfAbsent(r.runId(), "newer than " + s.keepRunsDays() + " days");
      }
    }
    // the models kept runs were scored with stay, with their rows (pinned scoring reads them)
    for (String id : List.copyOf(keep.keySet())) {
      ModelRun r = byId.get(id);
      if (r != null && RefitPolicy.PINNED.equals(r.mode()) && r.modelRunId() != null) {
        keep.putIfAbsent(r.modelRunId(), "its model is in use by kept run " + id);
      }
    }
    List<ModelRun> prune = new ArrayList<>();
    Map<String, String> keptOld = new LinkedHashMap<>();
    for (ModelRun r : runs) {
      if (r.pruned() || !old(r, cutoff)) {
        continue;
      }
      if (keep.containsKey(r.runId())) {
        keptOld.put(r.runId(), keep.get(r.runId()));
      } else {
        prune.add(r);
      }
    }
    List<String> failed = runs.stream().filter(ModelRun::failed).map(ModelRun::runId).toList();
    return new Plan(List.copyOf(prune), keptOld, failed);
  }

  private static boolean old(ModelRun r, Timestamp cutoff) {
    return r.startedAt() != null && r.startedAt().before(cutoff);
  }

  /**
   * The rows of the runs in each run-keyed table (table → rows), deleted unless dryRun: one
   * Delta commit per table that holds any, on up to {@code parallelism} tables at once.
   */
  static Map<String, Long> rows(Warehouse w, List<String> runIds, boolean dryRun,
      int parallelism) {
    Map<String, Long> out = new LinkedHashMap<>();
    if (runIds.isEmpty()) {
      return out;
    }
    Object[] ids = runIds.toArray();
    List<String> tables = Tables.ALL.keySet().stream()
        .filter(name -> !name.equals(Tables.MODEL_RUNS)
            && List.of(Tables.ALL.get(name).fieldNames()).contains("run_id") && w.exists(name))
        .toList();
    Parallel.forEachOrdered(tables, parallelism, "maintain-prune", name -> {
      long n = w.read(name).where(col("run_id").isin(ids)).count();
      if (n > 0 && !dryRun) {
        w.spark().sparkContext().setJobDescription("maintain: delete pruned runs from " + name);
        DeltaCommits.withRetries("prune " + name, 5, () -> {
          w.delta(name).delete(col("run_id").isin(ids));
          return null;
        });
      }
      return Map.entry(name, n);
    }, e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The export folders {@code exports/TABLE/run_id=RUN} of these runs that exist. */
  static List<String> exportFolders(Warehouse w, Set<String> runIds) {
    List<String> out = new ArrayList<>();
    for (String table : w.storage().subfolders(w.exportsDir())) {
      for (String sub : w.storage().subfolders(w.path("exports", table))) {
        if (sub.startsWith("run_id=") && runIds.contains(sub.substring("run_id=".length()))) {
          out.add(w.path("exports", table, sub));
        }
      }
    }
    return out;
  }

  /** The saved-model folders of these runs that exist. */
  static List<String> modelFolders(Warehouse w, List<String> runIds) {
    return runIds.stream().map(w::modelDir).filter(w.storage()::exists).toList();
  }
}
