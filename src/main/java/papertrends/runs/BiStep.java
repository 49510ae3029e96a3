package papertrends.runs;

import java.io.IOException;
import java.util.Optional;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.publish.BiDatabase;
import papertrends.publish.RunExports;
import papertrends.util.Progress;

/**
 * The bi step: the DuckDB file for BI tools (publish.BiDatabase) with the latest_* views by the
 * one latest-run rule of RunHistory; rebuilt after every command that changes the exports
 * (pipeline, maintain, rerun, backfill) through {@link #refresh}.
 */
public final class BiStep {
  public static final String STAGE = "bi";

  private BiStep() {}

  /** Builds the file now (`jobs/papertrends bi`); a missing driver is a UsageException. */
  public static BiDatabase.Result build(Warehouse w, Settings settings) throws IOException {
    Progress p = Progress.start(STAGE);
    BiDatabase.Result r = BiDatabase.build(w, settings.bi(), RunHistory::latestRunSql);
    p.finish(r.counts());
    Progress.info(STAGE, "wrote " + r.uri());
    return r;
  }

  /**
   * After `maintain`, `rerun` and `backfill`, which change model_runs but publish no export
   * (history runs keep the exports of the latest run): the model_runs export follows the table
   * (when exports are on and there are any), then the file follows the exports.
   */
  public static Optional<BiDatabase.Result> afterRunsChanged(Warehouse w, Settings settings)
      throws IOException {
    if (settings.publish().exports() && w.storage().exists(w.exportsDir())) {
      RunExports.writeRuns(w);
    }
    return refresh(w, settings);
  }

  /**
   * After `pipeline` (and {@link #afterRunsChanged}): builds the file when
   * papertrends.bi.enabled and the exports are newer than it. Without the driver it prints one
   * warning line and returns: the runs and the exports are done already.
   */
  public static Optional<BiDatabase.Result> refresh(Warehouse w, Settings settings)
      throws IOException {
    if (!settings.bi().enabled() || !settings.publish().exports() || !BiDatabase.stale(w)) {
      return Optional.empty();
    }
    if (!BiDatabase.driverAvailable()) {
      Progress.info(STAGE, "warning: " + BiDatabase.uri(w) + " not updated (the runs and"
          + " exports are not affected): " + BiDatabase.driverMissing());
      return Optional.empty();
    }
    return Optional.of(build(w, settings));
  }
}
