package papertrends.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import papertrends.config.Settings;
import papertrends.ingest.IngestJob.Result;
import papertrends.ingest.IngestJob.TooManyRejects;
import papertrends.ingest.readers.Parsed;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * One ingest batch of scanned landing files: parses them on the executors, then writes papers
 * (MERGE), paper_sightings, rejects and, last, ingest_files. A batch over max-reject-share writes
 * only its rejects.
 */
final class IngestBatch {
  private static final Logger LOG = LoggerFactory.getLogger(IngestBatch.class);

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final String batchId;

  IngestBatch(SparkSession spark, Settings settings, Warehouse warehouse, String batchId) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
    this.batchId = batchId;
  }

  /** Parses the scanned files and writes the batch. */
  Result run(LandingScan.Scan scan, Configuration hconf, Progress progress, Timings timings) {
    List<LandingFile> files = scan.files();
    spark.sparkContext().setJobDescription("ingest: parse " + files.size() + " file(s)");
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 2));
    JavaRDD<Row> rows = jsc.parallelize(files, slices).flatMap(new FileParser(hconf));
    Dataset<Row> parsed = spark.createDataFrame(rows, Parsed.SCHEMA)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return write(files, scan.mappingOf(), scan.skipped(), parsed, progress, timings);
    } finally {
      parsed.unpersist();
    }
  }

  private Result write(List<LandingFile> files, Map<String, String> mappingOf,
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
      return papertrends.util.Steps.describe(laps);
    }
  }
}
