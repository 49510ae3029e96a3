package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.IngestSettings;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * The ingest job: landing files → papers (MERGE on paper_id), paper_sightings, rejects and
 * ingest_files. Files already taken (same path, checksum and snapshot date) are skipped, so a
 * rerun is a no-op; a file with the path, size and snapshot date of one taken by a batch that
 * started after the file last changed is skipped without reading it again (a daily run reads
 * only the new files of the landing folder; --force reads everything).
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** One input of a batch: path, format (or auto) and optional mapping name. */
  public record Input(String path, String format, String mapping) {}

  /** What a batch did. */
  public record Result(String batchId, int filesTaken, int filesSkipped, long records,
      long papersInBatch, long inserted, long updated, long rejects, long withdrawn,
      boolean failed, String message) {
    /** The counts of the progress line. */
    public String counts() {
      return String.format(Locale.ROOT, "files %d taken, %d skipped; records %d; papers %d new,"
          + " %d updated, %d unchanged; rejects %d%s", filesTaken, filesSkipped, records,
          inserted, updated, Math.max(0, papersInBatch - inserted - updated), rejects,
          withdrawn == 0 ? "" : "; withdrawn " + withdrawn);
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
      if (!in.path().contains("://")) {
        java.io.File f = new java.io.File(in.path());
        if (!f.exists()) {
          throw new UsageException("input not found: " + in.path());
        }
      }
    }
    return out;
  }

  /** Runs the batch. */
  public Result run() throws IOException {
    Progress progress = Progress.start("ingest");
    Timings timings = new Timings();
    spark.sparkContext().setJobDescription("ingest: list landing files");
    IngestSettings is = settings.ingest();
    Configuration hconf = spark.sparkContext().hadoopConfiguration();
    String batchId = "b" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
        .withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
        + UUID.randomUUID().toString().substring(0, 8);

    Set<String> taken = new HashSet<>();
    // path|snapshot|size of files taken by a batch that started after the file's last change:
    // skipped without reading them again (a file changed since is read and checksummed)
    Map<String, Long> takenAt = new HashMap<>();
    if (!force) {
      for (Row r : warehouse.read(Tables.INGEST_FILES)
          .select("path", "checksum", "snapshot_date", "size", "ingest_batch_id")
          .collectAsList()) {
        taken.add(r.getString(0) + "|" + r.getString(1) + "|" + r.get(2));
        long started = batchStartMillis(r.getString(4));
        takenAt.merge(r.getString(0) + "|" + r.get(2) + "|" + r.get(3), started, Math::max);
      }
    }
    List<LandingFile> files = new ArrayList<>();
    Map<String, String> mappingOf = new HashMap<>();
    int skipped = 0;
    for (Input in : inputs) {
      Mapping mapping = in.mapping() == null ? null
          : Mapping.load(is.mappingsDir(), in.mapping());
      for (Landing.Found f : Landing.list(hconf, in.path(), in.format())) {
        LocalDate snap = Landing.snapshotDate(snapshotOption, f.path(), f.modified());
        Long at = takenAt.get(f.path() + "|" + Date.valueOf(snap) + "|" + f.size());
        if (at != null && f.modified() < at) {
          skipped++;
          continue;
        }
        String sum = Landing.checksum(hconf, f.path());
        if (taken.contains(f.path() + "|" + sum + "|" + Date.valueOf(snap))) {
          skipped++;
          continue;
        }
        String fmt = "unknown".equals(f.format()) ? null : f.format();
        ReadContext ctx = new ReadContext(fmt, mapping, snap, is.snippetChars(),
            is.maxAbstractChars(), is.maxTitleChars());
        files.add(new LandingFile(f.path(), f.size(), sum, fmt, ctx));
        mappingOf.put(f.path(), in.mapping());
      }
    }
    timings.lap("list files");
    if (files.isEmpty()) {
      Result r = new Result(batchId, 0, skipped, 0, 0, 0, 0, 0, 0, false,
          "nothing new to ingest");
      progress.finish(r.counts() + "; nothing new");
      return r;
    }
    Progress.info("ingest", "batch " + batchId + ": " + files.size() + " file(s) to read, "
        + skipped + " already taken");

    spark.sparkContext().setJobDescription("ingest: parse " + files.size() + " file(s)");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
    JavaRDD<Row> rows = jsc.parallelize(files, slices).flatMap(new FileParser(hconf));
    Dataset<Row> parsed = spark.createDataFrame(rows, Parsed.SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(batchId, files, mappingOf, skipped, parsed, progress, timings);
    } finally {
      parsed.unpersist();
    }
  }

  private Result write(String batchId, List<LandingFile> files, Map<String, String> mappingOf,
      int skipped, Dataset<Row> parsed, Progress progress, Timings timings) {
    // One pass over the parsed rows: per-file counts (this also fills the cache).
    spark.sparkContext().setJobDescription("ingest: parse and count");
    Dataset<Row> perFile = parsed.groupBy("file").agg(
        count(lit(1)).as("records"),
        sum(when(col("kind").equalTo(Parsed.PAPER), 1).otherwise(0)).as("papers"),
        sum(when(col("kind").equalTo(Parsed.REJECT), 1).otherwise(0)).as("rejects"),
        sum(when(col("kind").equalTo(Parsed.SKIPPED), 1).otherwise(0)).as("skipped"),
        sum(when(col("rank").isNotNull(), 1).otherwise(0)).as("ranked"));
    Map<String, long[]> counts = new HashMap<>();
    long records = 0;
    long rejects = 0;
    long withdrawn = 0;
    long ranked = 0;
    for (Row r : perFile.collectAsList()) {
      counts.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3),
          r.getLong(4)});
      records += r.getLong(1);
      rejects += r.getLong(3);
      withdrawn += r.getLong(4);
      ranked += r.getLong(5);
    }
    long goodRecords = records - rejects - withdrawn;
    timings.lap("parse");
    Dataset<Row> rejectRows = parsed.where(col("kind").equalTo(Parsed.REJECT))
        .select(col("file"), col("position"), col("reason"), col("snippet"))
        .withColumn("ingest_batch_id", lit(batchId))
        .withColumn("rejected_at", current_timestamp());

    double share = records == 0 ? 0 : (double) rejects / records;
    if (share > settings.ingest().maxRejectShare()) {
      spark.sparkContext().setJobDescription("ingest: write rejects");
      warehouse.append(Tables.REJECTS, rejectRows);
      String msg = String.format(Locale.ROOT, "batch %s rejected %d of %d records (%.0f%% >"
          + " max-reject-share %.0f%%); papers not written, see the rejects table", batchId,
          rejects, records, share * 100, settings.ingest().maxRejectShare() * 100);
      progress.finish("records " + records + "; rejects " + rejects + "; failed");
      throw new TooManyRejects(msg);
    }
    // Tables are created only once the batch is accepted: a refused batch leaves no table.
    for (String t : List.of(Tables.PAPERS, Tables.PAPER_SIGHTINGS, Tables.REJECTS,
        Tables.INGEST_FILES)) {
      warehouse.ensure(t);
    }
    timings.lap("create tables");

    // papers first: a failure here leaves every table as it was. ingest_files goes last, so a
    // crash after papers only makes the next run take the files again (a no-op MERGE).
    long inserted = 0;
    long updated = 0;
    long papersInBatch = 0;
    if (goodRecords > 0) {
      spark.sparkContext().setJobDescription("ingest: merge papers");
      Dataset<Row> existing = warehouse.read(Tables.PAPERS).select("paper_id", "doi");
      Dataset<Row> batch = parsed.where(col("kind").equalTo(Parsed.PAPER))
          .transform(b -> PaperTransforms.withPaperColumns(b, batchId))
          .transform(b -> PaperTransforms.withCanonicalIds(b, existing))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> papers = PaperTransforms.toPapers(PaperTransforms.dedupeWithinBatch(batch));
        long[] merged = PaperMerge.merge(warehouse, papers, settings.ingest().commitRetries());
        inserted = merged[0];
        updated = merged[1];
        papersInBatch = merged[2];
        timings.lap("merge papers");
        if (ranked > 0) {
          spark.sparkContext().setJobDescription("ingest: merge paper_sightings");
          Dataset<Row> sightings = batch.where(col("rank").isNotNull())
              .groupBy("paper_id", "snapshot_date", "source")
              .agg(min("rank").as("rank"))
              .withColumn("ingest_batch_id", lit(batchId));
          PaperMerge.mergeSightings(warehouse, sightings, settings.ingest().commitRetries());
          timings.lap("merge sightings");
        }
      } finally {
        batch.unpersist();
      }
    }
    if (rejects > 0) {
      spark.sparkContext().setJobDescription("ingest: write rejects");
      warehouse.append(Tables.REJECTS, rejectRows);
      Progress.info("ingest", rejects + " reject(s) written to " + Tables.REJECTS);
      timings.lap("write rejects");
    }

    spark.sparkContext().setJobDescription("ingest: record files");
    List<Row> fileRows = new ArrayList<>();
    Timestamp now = Timestamp.from(Instant.now());
    for (LandingFile f : files) {
      long[] c = counts.getOrDefault(f.path(), new long[4]);
      fileRows.add(RowFactory.create(f.path(), f.size(), f.checksum(), f.format(),
          mappingOf.get(f.path()), batchId, now, Date.valueOf(f.ctx().snapshotDate()), c[0],
          c[1], c[2], c[3]));
    }
    warehouse.append(Tables.INGEST_FILES,
        spark.createDataFrame(fileRows, Tables.INGEST_FILES_SCHEMA));
    timings.lap("record files");
    Result r = new Result(batchId, files.size(), skipped, records, papersInBatch, inserted,
        updated, rejects, withdrawn, false, null);
    Progress.info("ingest", "timings " + timings);
    progress.finish(r.counts());
    LOG.info("ingest batch {}: {}; timings {}", batchId, r.counts(), timings);
    return r;
  }

  /**
   * When a batch started, from its id (bYYYYMMDDTHHMMSS-…, UTC, to the second, taken before its
   * files were listed), in epoch milliseconds; 0 for an id of another shape (never skips).
   */
  static long batchStartMillis(String batchId) {
    if (batchId == null || !batchId.matches("^b\\d{8}T\\d{6}-.*")) {
      return 0;
    }
    return java.time.LocalDateTime.parse(batchId.substring(1, 16),
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  /** Wall-clock seconds per step of a batch, for the log: where the time goes. */
  static final class Timings {
    private final Map<String, Double> laps = new java.util.LinkedHashMap<>();
    private long last = System.nanoTime();

    void lap(String step) {
      long t = System.nanoTime();
      laps.merge(step, (t - last) / 1e9, Double::sum);
      last = t;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      laps.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.1f s", k, v)));
      return b.toString();
    }
  }
}
