package papertrends.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Upkeep of one Delta table: its size (live files, files on storage, bytes, rows), compaction
 * (OPTIMIZE) and removal of files no longer referenced (VACUUM). Files are listed through the
 * Hadoop FileSystem of the warehouse, so this works on any warehouse URI.
 */
public final class TableUpkeep {
  /** Delta's switch of the VACUUM retention safety check. */
  static final String SAFETY_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  /**
   * VACUUM lists the table's folders in a Spark job with this many tasks (10,000 by default,
   * seconds of scheduling for a table of a few files): set to the session's parallelism.
   */
  static final String LISTING = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private static final Pattern INTERVAL = Pattern.compile(
      "(?i)\\s*(?:interval\\s+)?(\\d+)\\s*(second|minute|hour|day|week)s?\\s*");

  /** Session settings in force until closed. */
  public interface VacuumSettings extends AutoCloseable {
    @Override
    void close();
  }

  /** A table's size: files of its current snapshot, data files on storage, bytes, rows. */
  public record Stats(long liveFiles, long storedFiles, long storedBytes, long rows) {}

  private final Warehouse warehouse;
  private final String name;
  /** The table's delta.deletedFileRetentionDuration, read with the last stats(). */
  private Duration ownRetention;

  public TableUpkeep(Warehouse warehouse, String name) {
    this.warehouse = warehouse;
    this.name = name;
  }

  /** The table's current size (one read of its Delta detail, which also gives its retention). */
  public Stats stats() {
    Row d = warehouse.delta(name).detail().select("numFiles", "properties").first();
    long live = d.isNullAt(0) ? 0 : d.getLong(0);
    ownRetention = retentionOf(d);
    long[] stored = dataFiles();
    return new Stats(live, stored[0], stored[1], warehouse.read(name).count());
  }

  /**
   * Whether OPTIMIZE can change anything: a table of at most one live file has nothing to
   * compact (Delta would only plan, read the snapshot and find no bin of two files).
   */
  public static boolean compactable(Stats s) {
    return s.liveFiles() > 1;
  }

  /**
   * Whether VACUUM can find a file to delete: only when the folder holds more data files than the
   * current snapshot uses (older versions' files), or after this run changed the table (a
   * compaction or a delete leaves the replaced files behind).
   */
  public static boolean vacuumable(Stats s, boolean changedSince) {
    return changedSince || s.storedFiles() > s.liveFiles();
  }

  /** Data files (and their bytes) under the table's folder, _delta_log not counted. */
  private long[] dataFiles() {
    String dir = warehouse.tablePath(name);
    FileSystem fs = warehouse.storage().fs(dir);
    long[] out = new long[2];
    try {
      var it = fs.listFiles(new Path(dir), true);
      while (it.hasNext()) {
        FileStatus f = it.next();
        String rel = f.getPath().toUri().getPath();
        if (rel.contains("/_delta_log/") || f.getPath().getName().startsWith(".")) {
          continue;
        }
        out[0]++;
        out[1] += f.getLen();
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Compacts small files into larger ones (OPTIMIZE); one Delta commit when any changed. */
  public void optimize() {
    warehouse.spark().sparkContext().setJobDescription("maintain: optimize " + name);
    DeltaCommits.withRetries("optimize " + name, 5, () ->
        warehouse.delta(name).optimize().executeCompaction());
  }

  /**
   * The session settings VACUUM runs under, set once for a batch of tables (they are
   * session-wide, so threads vacuuming different tables must not set and reset them each): the
   * folder listing on the session's parallelism, and Delta's retention safety check off when
   * {@code relaxSafety} (a retention below a table's own delta.deletedFileRetentionDuration
   * passes only because the caller asked for it). Closing restores both.
   */
  public static VacuumSettings vacuumSettings(SparkSession spark, boolean relaxSafety) {
    String safety = spark.conf().get(SAFETY_CHECK, "true");
    String listing = spark.conf().get(LISTING, "10000");
    if (relaxSafety) {
      spark.conf().set(SAFETY_CHECK, "false");
    }
    spark.conf().set(LISTING, String.valueOf(Math.max(1,
        spark.sparkContext().defaultParallelism())));
    return () -> {
      spark.conf().set(LISTING, listing);
      if (relaxSafety) {
        spark.conf().set(SAFETY_CHECK, safety);
      }
    };
  }

  /**
   * VACUUM with the given retention, under {@link #vacuumSettings}: deletes the files no
   * snapshot younger than it references (dryRun: only counts them). Returns the number of files
   * deleted (or that would be).
   */
  public long vacuum(Duration retention, boolean dryRun) {
    SparkSession spark = warehouse.spark();
    spark.sparkContext().setJobDescription("maintain: vacuum " + name);
    String sql = "VACUUM delta.`" + warehouse.tablePath(name).replace("`", "``") + "` RETAIN "
        + String.format(Locale.ROOT, "%.3f", retention.toMillis() / 3_600_000.0) + " HOURS"
        + (dryRun ? " DRY RUN" : "");
    if (dryRun) {
      return spark.sql(sql).count();
    }
    long filesBefore = dataFiles()[0];
    spark.sql(sql).collect();
    return Math.max(0, filesBefore - dataFiles()[0]);
  }

  /**
   * The table's delta.deletedFileRetentionDuration (Delta's default, 7 days, when unset), as read
   * by the last stats() (maintain never changes it), else read now.
   */
  public Duration tableRetention() {
    if (ownRetention == null) {
      ownRetention = retentionOf(warehouse.delta(name).detail().select("numFiles", "properties")
          .first());
    }
    return ownRetention;
  }

  /** The retention in a detail row of (numFiles, properties). */
  private static Duration retentionOf(Row d) {
    Map<String, String> props = d.isNullAt(1) ? Map.of() : d.getJavaMap(1);
    return parseInterval(props.get("delta.deletedFileRetentionDuration"));
  }

  /** "interval 3650 days", "168 hours", … as a Duration; null: Delta's default of 7 days. */
  static Duration parseInterval(String value) {
    if (value == null) {
      return Duration.ofDays(7);
    }
    Matcher m = INTERVAL.matcher(value);
    if (!m.matches()) {
      // an interval this parser does not know: treat it as forever, so nothing goes too early
      return Duration.ofDays(365L * 1000);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "second" -> Duration.ofSeconds(n);
      case "minute" -> Duration.ofMinutes(n);
      case "hour" -> Duration.ofHours(n);
      case "day" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }
}
