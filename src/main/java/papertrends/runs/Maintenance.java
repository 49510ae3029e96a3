package papertrends.runs;

import java.io.PrintStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import papertrends.config.MaintainSettings;
import papertrends.config.Settings;
import papertrends.io.TableUpkeep;
import papertrends.io.TableUpkeep.Stats;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Parallel;
import papertrends.util.Progress;

/**
 * `maintain`: prunes the rows, models and export folders of old runs nothing needs any more
 * (their model_runs row stays, with pruned_at), removes the export folders of failed runs, then
 * compacts every Delta table (OPTIMIZE) and deletes its unreferenced files (VACUUM); when it
 * pruned or removed anything, the model_runs export and the DuckDB file (BiStep) follow. A dry
 * run prints what it would do and writes nothing.
 */
public final class Maintenance {
  /** Tables whose Delta history reruns read (model_runs.input_versions): never VACUUMed below
   * their own delta.deletedFileRetentionDuration. */
  static final List<String> TIME_TRAVELLED = List.of(Tables.PAPERS, Tables.PAPER_SIGHTINGS);

  /** What maintain did (or would do) to one table. */
  public record TableResult(String table, Stats before, Stats after, long prunedRows,
      long vacuumedFiles, Duration retention) {}

  /** What maintain did (or would do). */
  public record Result(List<String> pruned, Map<String, String> keptOld,
      List<String> removedFolders, List<TableResult> tables) {}

  private final Warehouse warehouse;
  private final Settings settings;
  private final MaintainSettings maintain;

  public Maintenance(Warehouse warehouse, Settings settings) {
    this.warehouse = warehouse;
    this.settings = settings;
    this.maintain = settings.maintain();
  }

  /** The one line `rerun --run` and the stages print for a pruned run. */
  static String prunedLine(ModelRun r) {
    return "run " + r.runId() + " was pruned by jobs/papertrends maintain on "
        + r.prunedAt().toInstant().atOffset(ZoneOffset.UTC).toLocalDate()
        + " (older than papertrends.maintain.keep-runs-days): its rows are gone, so it cannot"
        + " be rerun; rerun --as-of DATE analyses the corpus of a day instead";
  }

  /** Runs the upkeep, printing one line per pruned run and per table to out. */
  public Result run(boolean dryRun, PrintStream out) {
    Progress p = Progress.start("maintain");
    String would = dryRun ? "would " : "";
    if (maintain.belowSafety()) {
      out.println("maintain: retention " + hours(maintain.retention()) + " is below Delta's"
          + " safety minimum of 168h (set by papertrends.maintain.retention): a reader still on"
          + " an older snapshot of a run-keyed table may miss files");
    }
    RunPruning.Plan plan = RunPruning.plan(warehouse, maintain, Instant.now());
    List<String> ids = plan.pruneIds();
    for (ModelRun r : plan.prune()) {
      out.println("maintain: " + would + "prune run " + r.runId() + " (" + r.status() + ", "
          + r.mode() + ", started " + r.startedAt().toInstant().atOffset(ZoneOffset.UTC)
              .toLocalDate() + "): older than " + maintain.keepRunsDays() + " days");
    }
    plan.keptOld().forEach((id, why) -> out.println("maintain: keep run " + id + ": " + why));
    if (ids.isEmpty()) {
      out.println("maintain: no run to prune (older than " + maintain.keepRunsDays()
          + " days and not kept)");
    }
    List<String> tables = warehouse.tableNames();
    Map<String, TableUpkeep> upkeep = new java.util.LinkedHashMap<>();
    tables.forEach(t -> upkeep.put(t, new TableUpkeep(warehouse, t)));
    Map<String, Stats> before = new java.util.LinkedHashMap<>();
    List<Stats> sizes = Parallel.forEachOrdered(tables, maintain.parallelism(), "maintain",
        t -> upkeep.get(t).stats(), s -> { });
    for (int i = 0; i < tables.size(); i++) {
      before.put(tables.get(i), sizes.get(i));
    }
    Map<String, Long> pruned = RunPruning.rows(warehouse, ids, dryRun, maintain.parallelism());
    List<String> folders = removeFolders(plan, dryRun, out);
    if (!dryRun && !ids.isEmpty()) {
      new RunRegistry(warehouse, settings.runs()).markPruned(ids, Timestamp.from(Instant.now()));
    }
    if (!dryRun && !(ids.isEmpty() && folders.isEmpty())) {
      // the exports changed: model_runs says pruned_at, and the DuckDB file follows them
      try {
        BiStep.afterRunsChanged(warehouse, settings);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    Map<String, Duration> retention = new java.util.LinkedHashMap<>();
    tables.forEach(t -> retention.put(t, retention(upkeep.get(t), t)));
    boolean relax = tables.stream().anyMatch(t ->
        retention.get(t).compareTo(upkeep.get(t).tableRetention()) < 0);
    List<TableResult> results;
    try (var vacuum = TableUpkeep.vacuumSettings(warehouse.spark(), relax)) {
      results = Parallel.forEachOrdered(tables, maintain.parallelism(), "maintain",
          t -> upkeep(upkeep.get(t), t, before.get(t), pruned.getOrDefault(t, 0L),
              retention.get(t), dryRun),
          r -> out.println(dryRun ? dryLine(r) : line(r)));
    }
    out.flush();
    long compacted = results.stream().filter(r -> TableUpkeep.compactable(r.before())).count();
    long vacuumed = results.stream().mapToLong(TableResult::vacuumedFiles).sum();
    p.finish(ids.size() + " run(s) " + (dryRun ? "to prune, " : "pruned, ") + tables.size()
        + " table(s), " + compacted + (dryRun ? " to compact, " : " compacted, ") + vacuumed
        + " file(s) " + (dryRun ? "to vacuum, dry run: nothing written" : "vacuumed"));
    return new Result(ids, plan.keptOld(), folders, results);
  }

  /**
   * One table's compaction and VACUUM. Each Delta command costs seconds of fixed work even on a
   * table of one small file, so only those that can change something run: a table of at most
   * one live file, nothing pruned and no unreferenced file is left as it is.
   */
  private static TableResult upkeep(TableUpkeep u, String t, Stats was, long prunedRows,
      Duration retention, boolean dryRun) {
    boolean changed = !dryRun && prunedRows > 0;
    if (!dryRun && TableUpkeep.compactable(was)) {
      u.optimize();
      changed = true;
    }
    boolean vacuum = TableUpkeep.vacuumable(was, changed);
    long vacuumed = vacuum ? u.vacuum(retention, dryRun) : 0;
    Stats after = dryRun || !(changed || vacuum) ? was : u.stats();
    return new TableResult(t, was, after, prunedRows, vacuumed, retention);
  }

  /** The model and export folders of pruned runs, and the export folders of failed runs. */
  private List<String> removeFolders(RunPruning.Plan plan, boolean dryRun, PrintStream out) {
    Set<String> exportsOf = new LinkedHashSet<>(plan.pruneIds());
    exportsOf.addAll(plan.failed());
    List<String> folders = new ArrayList<>(RunPruning.modelFolders(warehouse, plan.pruneIds()));
    folders.addAll(RunPruning.exportFolders(warehouse, exportsOf));
    for (String f : folders) {
      if (!dryRun) {
        warehouse.storage().delete(f);
      }
    }
    if (!folders.isEmpty()) {
      out.println("maintain: " + (dryRun ? "would remove " : "removed ") + folders.size()
          + " folder(s) of models and exports of pruned and failed runs");
    }
    return folders;
  }

  /** The VACUUM retention of a table: never below its own for the tables reruns read. */
  private Duration retention(TableUpkeep u, String table) {
    if (!TIME_TRAVELLED.contains(table)) {
      return maintain.retention();
    }
    Duration own = u.tableRetention();
    return own.compareTo(maintain.retention()) > 0 ? own : maintain.retention();
  }

  static String line(TableResult r) {
    return String.format(Locale.ROOT, "maintain: %s: live files %d -> %d, files on storage %d ->"
        + " %d, bytes %s -> %s, rows %,d -> %,d (%,d of pruned runs deleted, %d file(s)"
        + " vacuumed, retention %s)", r.table(), r.before().liveFiles(), r.after().liveFiles(),
        r.before().storedFiles(), r.after().storedFiles(), bytes(r.before().storedBytes()),
        bytes(r.after().storedBytes()), r.before().rows(), r.after().rows(), r.prunedRows(),
        r.vacuumedFiles(), hours(r.retention()));
  }

  static String dryLine(TableResult r) {
    boolean compact = TableUpkeep.compactable(r.before());
    return String.format(Locale.ROOT, "maintain: %s: %d live file(s), %d on storage (%s), %,d"
        + " rows; would delete %,d rows of pruned runs, %s, and vacuum %d file(s) unreferenced"
        + " for over %s (now%s)", r.table(), r.before().liveFiles(), r.before().storedFiles(),
        bytes(r.before().storedBytes()), r.before().rows(), r.prunedRows(),
        compact ? "compact the live files" : "nothing to compact (at most one live file)",
        r.vacuumedFiles(), hours(r.retention()), compact ? "; more after compaction" : "");
  }

  private static String hours(Duration d) {
    return d.toHours() + "h";
  }

  private static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }
}
