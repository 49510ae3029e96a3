package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/**
 * A run whose driver holds its lock file is alive: a run starting beside it (a backfill next to
 * the daily pipeline) leaves it running; once the lock is released (the driver ended or died)
 * the next start marks it failed.
 */
class RunLockTest {
  @TempDir
  Path dir;

  @Test
  void aHeldRunIsLeftRunningAndAReleasedOneIsFailed() throws Exception {
    Warehouse w = new Warehouse(TestSpark.session(), TestSpark.settings(dir.resolve("wh")));
    RunRegistry runs = new RunRegistry(w);
    RunRegistry.Held lock = runs.hold("r-live");
    runs.start("r-live", Map.of("mode", "refit"));
    runs.start("r-beside", Map.of("mode", "refit"));
    assertEquals(RunRegistry.RUNNING, runs.history().get("r-live").orElseThrow().status(),
        "a run whose lock is held is alive");
    lock.close();
    runs.start("r-next", Map.of("mode", "refit"));
    assertEquals(RunRegistry.FAILED, runs.history().get("r-live").orElseThrow().status());
    assertEquals(RunRegistry.FAILED, runs.history().get("r-beside").orElseThrow().status(),
        "a run with no lock file is taken for a dead one");
    assertEquals(RunRegistry.RUNNING, runs.history().get("r-next").orElseThrow().status());
  }
}
