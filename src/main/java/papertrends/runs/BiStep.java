package papertrends.runs;

import java.io.IOException;
import java.util.Optional;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.publish.BiDatabase;
import papertrends.util.Progress;

/**
 * The bi step after publish: the DuckDB file for BI tools (publish.BiDatabase) with the latest_*
 * views by the one latest-run rule of RunHistory.
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
   * After `pipeline`: builds the file when papertrends.bi.enabled and the exports are newer than
   * it. Without the driver it prints one warning line and returns: the run has succeeded already.
   */
  public static Optional<BiDatabase.Result> afterPipeline(Warehouse w, Settings settings)
      throws IOException {
    if (!settings.bi().enabled() || !settings.publish().exports() || !BiDatabase.stale(w)) {
      return Optional.empty();
    }
    if (!BiDatabase.driverAvailable()) {
      Progress.info(STAGE, "warning: " + BiDatabase.uri(w) + " not updated (the published run"
          + " is not affected): " + BiDatabase.driverMissing());
      return Optional.empty();
    }
    return Optional.of(build(w, settings));
  }
}
