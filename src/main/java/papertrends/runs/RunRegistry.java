package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * The model_runs table: one row per analysis run. A run starts as running; `succeeded` is its
 * last write (latest_* views only see succeeded runs); a run left running by a dead driver is
 * marked failed when the next run starts (a run whose driver still holds its lock file is
 * alive and left alone), and its rows are removed from the run-keyed tables (its
 * model_runs row stays, with the error); so are those of a pipeline run that failed.
 */
public final class RunRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private final Warehouse warehouse;

  public RunRegistry(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** The form of a run id. */
  public static final String RUN_ID_PATTERN = "r\\d{8}T\\d{6}-[0-9a-f]{6}";

  /** The reading side of model_runs. */
  public RunHistory history() {
    return new RunHistory(warehouse);
  }

  /** A new, sortable run id: r20261126T171500-1a2b3c. */
  public static String newRunId() {
    return "r" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /**
   * Marks runs still `running` as failed (their driver died), then records a new running run.
   *
   * @param fields initial values of model_runs columns (run_id, mode, config, … ); started_at
   *     and status are set here
   */
  public void start(String runId, Map<String, Object> fields) {
    failStale(runId);
    Map<String, Object> v = new LinkedHashMap<>(fields);
    v.put("run_id", runId);
    v.put("status", RUNNING);
    v.put("started_at", Timestamp.from(Instant.now()));
    Object[] values = new Object[Tables.MODEL_RUNS_SCHEMA.size()];
    String[] names = Tables.MODEL_RUNS_SCHEMA.fieldNames();
    for (int i = 0; i < names.length; i++) {
      values[i] = v.get(names[i]);
    }
    warehouse.append(Tables.MODEL_RUNS, warehouse.spark().createDataFrame(
        List.of(RowFactory.create(values)), Tables.MODEL_RUNS_SCHEMA));
    LOG.info("run {} started", runId);
  }

  /** Marks every other run still running as failed. */
  public void failStale(String exceptRunId) {
    if (!warehouse.exists(Tables.MODEL_RUNS)) {
      return;
    }
    List<String> staleIds = warehouse.read(Tables.MODEL_RUNS)
        .where(col("status").equalTo(RUNNING).and(col("run_id").notEqual(exceptRunId)))
        .select("run_id").collectAsList().stream().map(r -> r.getString(0))
        .filter(id -> !isHeld(id)).toList();
    long stale = staleIds.size();
    if (stale == 0) {
      return;
    }
    Map<String, Column> set = new LinkedHashMap<>();
    set.put("status", lit(FAILED));
    set.put("finished_at", current_timestamp());
    set.put("error", lit("did not finish (driver died or was stopped); marked failed by run "
        + exceptRunId));
    Warehouse.withRetries("fail stale runs", 5, () -> {
      warehouse.delta(Tables.MODEL_RUNS).update(
          col("status").equalTo(RUNNING).and(col("run_id").isin(staleIds.toArray())), set);
      return null;
    });
    LOG.warn("marked {} unfinished run(s) failed", stale);
    staleIds.forEach(this::purge);
  }

  /**
   * Deletes a failed run's rows from every run-keyed table (one Delta commit per table that
   * holds any) and its saved models, so nothing a run half-wrote survives it; its model_runs
   * row stays, and Delta time travel still shows what it had written.
   */
  public void purge(String runId) {
    for (Map.Entry<String, org.apache.spark.sql.types.StructType> t : Tables.ALL.entrySet()) {
      String name = t.getKey();
      if (name.equals(Tables.MODEL_RUNS) || !List.of(t.getValue().fieldNames()).contains("run_id")
          || !warehouse.exists(name)) {
        continue;
      }
      if (warehouse.read(name).where(col("run_id").equalTo(runId)).isEmpty()) {
        continue;
      }
      Warehouse.withRetries("purge " + name + " of run " + runId, 5, () -> {
        warehouse.delta(name).delete(col("run_id").equalTo(runId));
        return null;
      });
      LOG.info("removed the rows of failed run {} from {}", runId, name);
    }
    try {
      warehouse.storage().delete(warehouse.modelDir(runId));
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("could not remove the models of failed run {}: {}", runId, e.toString());
    }
  }

  private java.nio.file.Path lockFile(String runId) {
    // until the run heartbeat (issue 14) replaces it: a lock file only on a local warehouse
    java.net.URI root = new org.apache.hadoop.fs.Path(warehouse.root()).toUri();
    if (!"file".equals(root.getScheme())) {
      return null;
    }
    return java.nio.file.Path.of(root).resolve("_locks").resolve("run-" + runId + ".lock");
  }

  /**
   * Holds the run's lock file while its driver lives (the OS releases it when the process
   * dies), so another process starting a run does not take a live run for a dead one. Where no
   * lock file can be made, nothing is held (the run then looks stale to a concurrent start).
   */
  /** A held run lock; closing it releases the lock and removes its file. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  public Held hold(String runId) {
    java.nio.file.Path f = lockFile(runId);
    if (f == null) {
      return () -> { };
    }
    try {
      java.nio.file.Files.createDirectories(f.getParent());
      java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
      java.nio.channels.FileLock lock = ch.lock();
      return () -> {
        try {
          lock.release();
          ch.close();
          java.nio.file.Files.deleteIfExists(f);
        } catch (java.io.IOException e) {
          LOG.debug("releasing the lock of run {}: {}", runId, e.toString());
        }
      };
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("no lock file for run {}: {}", runId, e.toString());
      return () -> { };
    }
  }

  /** True when a live process (this one or another) holds the run's lock file. */
  boolean isHeld(String runId) {
    java.nio.file.Path f = lockFile(runId);
    if (f == null || !java.nio.file.Files.exists(f)) {
      return false;
    }
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
        java.nio.file.StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock lock = ch.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (java.nio.channels.OverlappingFileLockException e) {
      return true;
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /** Sets columns of a run's row (values are Java values or Spark Columns). */
  public void update(String runId, Map<String, Object> fields) {
    Map<String, Column> set = new LinkedHashMap<>();
    fields.forEach((k, v) -> set.put(k, v instanceof Column c ? c
        : lit(v).cast(Tables.MODEL_RUNS_SCHEMA.apply(k).dataType())));
    Warehouse.withRetries("update run " + runId, 5, () -> {
      warehouse.delta(Tables.MODEL_RUNS).update(col("run_id").equalTo(runId), set);
      return null;
    });
  }

  /** The run's last write: status succeeded, finished_at now. */
  public void succeed(String runId) {
    update(runId, Map.of("status", SUCCEEDED, "finished_at", current_timestamp()));
    LOG.info("run {} succeeded", runId);
  }

  /**
   * Status failed with the error line; the run's rows stay (a stage command run by hand can be
   * continued with --run). The pipeline's runs purge theirs ({@link #purge}).
   */
  public void fail(String runId, String error) {
    update(runId, Map.of("status", FAILED, "finished_at", current_timestamp(),
        "error", error == null ? "failed" : error));
  }
}
