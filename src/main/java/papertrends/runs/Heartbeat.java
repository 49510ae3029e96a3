package papertrends.runs;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.util.Errors;

/**
 * The driver's heartbeat of a run: while a stage works, model_runs.heartbeat_at is set to now
 * every papertrends.runs.heartbeat-every (a daemon thread), so another process can tell a live
 * run from one whose driver died (its heartbeat is older than dead-after). It works on any
 * storage Delta writes to: no lock file. Nested holds of the same run share one beat.
 */
final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final Map<String, Heartbeat> LIVE = new HashMap<>();

  private final String runId;
  private final ScheduledExecutorService beat;
  private int holders;

  private Heartbeat(RunRegistry runs, String runId, Duration every) {
    this.runId = runId;
    this.beat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "papertrends-heartbeat-" + runId);
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, every.toMillis());
    beat.scheduleWithFixedDelay(() -> {
      try {
        runs.beat(runId);
      } catch (RuntimeException e) {
        LOG.warn("heartbeat of run {} not written: {}", runId, Errors.describe(e));
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Starts (or joins) the heartbeat of a run; close() ends this hold. */
  static synchronized Heartbeat hold(RunRegistry runs, String runId, Duration every) {
    Heartbeat h = LIVE.computeIfAbsent(runId, id -> new Heartbeat(runs, id, every));
    h.holders++;
    return h;
  }

  @Override
  public void close() {
    synchronized (Heartbeat.class) {
      if (--holders > 0) {
        return;
      }
      LIVE.remove(runId);
    }
    beat.shutdown(); // a beat being written finishes: no interrupt inside a Delta commit
    try {
      beat.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
