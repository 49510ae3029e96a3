package papertrends.ingest;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import papertrends.config.IngestSettings;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.ingest.readers.FormatReader;
import papertrends.ingest.readers.Formats;
import papertrends.ingest.readers.Mapping;
import papertrends.io.Storage;
import papertrends.io.Warehouse;
import papertrends.util.HadoopConfs;
import papertrends.util.Progress;

/**
 * The ingest job: landing files → papers (MERGE on paper_id), paper_sightings, rejects and
 * ingest_files. Files already taken (same path, checksum and snapshot date) are skipped, so a
 * rerun is a no-op; a file with the path, size and snapshot date of one taken by a batch that
 * started after the file last changed is skipped without reading it again (a daily run reads
 * only the new files of the landing folder; --force reads everything).
 */
public final class IngestJob {
  /** One input of a batch: path, format (or auto) and optional mapping name. */
  public record Input(String path, String format, String mapping) {}

  /** What a batch did. */
  public record Result(String batchId, int filesTaken, int filesSkipped, long records,
      long papersInBatch, long inserted, long updated, long rejects, long withdrawn,
      boolean failed, String message) {
    /**
     * Records of a paper that another record of the same batch already gives (the same
     * paper_id): one is kept per paper, the newest, so records = papers + rejects + withdrawn +
     * these.
     */
    public long duplicates() {
      return failed ? 0 : Math.max(0, records - rejects - withdrawn - papersInBatch);
    }

    /** The counts of the progress line. */
    public String counts() {
      long dups = duplicates();
      return String.format(Locale.ROOT, "files %d taken, %d skipped; records %d; papers %d new,"
          + " %d updated, %d unchanged; rejects %d%s%s", filesTaken, filesSkipped, records,
          inserted, updated, Math.max(0, papersInBatch - inserted - updated), rejects,
          withdrawn == 0 ? "" : "; withdrawn " + withdrawn,
          dups == 0 ? "" : "; " + dups + " duplicate record(s) of a paper in the batch (the"
              + " newest kept)");
    }
  }

  /** Thrown when a batch has more rejects than allowed (after its rejects were written). */
  public static final class TooManyRejects extends RuntimeException {
    public TooManyRejects(String message) {
      super(message);
    }
  }

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final List<Input> inputs;
  private final LocalDate snapshotOption;
  private final boolean force;

  public IngestJob(SparkSession spark, Settings settings, List<Input> inputs,
      LocalDate snapshotDate, boolean force) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = new Warehouse(spark, settings);
    this.inputs = inputs;
    this.snapshotOption = snapshotDate;
    this.force = force;
  }

  /** Inputs from the command line, or the configured sources when --input is absent. */
  public static List<Input> inputs(IngestSettings s, String input, String format,
      String mapping) {
    List<Input> out = new ArrayList<>();
    if (input != null) {
      out.add(new Input(input, format != null ? format : s.defaultFormat(), mapping));
    } else {
      for (IngestSettings.Source src : s.sources()) {
        out.add(new Input(src.input(), format != null ? format
            : src.format() != null ? src.format() : s.defaultFormat(),
            mapping != null ? mapping : src.mapping()));
      }
    }
    if (out.isEmpty()) {
      throw new UsageException("no input: give --input PATH or list papertrends.ingest.sources");
    }
    for (Input in : out) {
      if (!Formats.AUTO.equals(in.format()) && Formats.get(in.format()) == null) {
        throw new UsageException("unknown format '" + in.format() + "' (known: auto, "
            + String.join(", ", Formats.names()) + ")");
      }
      FormatReader r = Formats.get(in.format());
      if (r != null && r.needsMapping() && in.mapping() == null) {
        throw new UsageException("format " + in.format() + " needs --mapping NAME (a file in "
            + s.mappingsDir() + ")");
      }
      if (in.mapping() != null) {
        Mapping.load(s.mappingsDir(), in.mapping());
      }
      if (!new Storage(HadoopConfs.submitted()).exists(in.path())) {
        throw new UsageException("input not found: " + in.path());
      }
    }
    return out;
  }

  /** The landing files a batch would read now, and how many it would skip; writes nothing. */
  public LandingScan.Scan plan() throws IOException {
    return LandingScan.scan(warehouse, spark.sparkContext().hadoopConfiguration(),
        settings.ingest(), inputs, snapshotOption, force);
  }

  /** Runs the batch. */
  public Result run() throws IOException {
    Progress progress = Progress.start("ingest");
    IngestBatch.Timings timings = new IngestBatch.Timings();
    spark.sparkContext().setJobDescription("ingest: list landing files");
    Configuration hconf = spark.sparkContext().hadoopConfiguration();
    String batchId = "b" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
        .withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    LandingScan.Scan scan = LandingScan.scan(warehouse, hconf, settings.ingest(), inputs,
        snapshotOption, force);
    timings.lap("list files");
    if (scan.files().isEmpty()) {
      Result r = new Result(batchId, 0, scan.skipped(), 0, 0, 0, 0, 0, 0, false,
          "nothing new to ingest");
      progress.finish(r.counts() + "; nothing new");
      return r;
    }
    Progress.info("ingest", "batch " + batchId + ": " + scan.files().size() + " file(s) to"
        + " read, " + scan.skipped() + " already taken");
    return new IngestBatch(spark, settings, warehouse, batchId).run(scan, hconf, progress,
        timings);
  }
}
