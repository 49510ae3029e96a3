package papertrends.cli;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import picocli.CommandLine.Option;

/** The input options of ingest and pipeline. */
public class InputOptions {
  @Option(names = "--input", paramLabel = "PATH",
      description = "A landing file or folder (default: papertrends.ingest.sources).")
  String input;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Input format (default: papertrends.ingest.default-format, auto).")
  String format;

  @Option(names = "--mapping", paramLabel = "NAME",
      description = "Column mapping conf/mappings/NAME.conf, for csv, jsonl and parquet.")
  String mapping;

  @Option(names = "--snapshot-date", paramLabel = "YYYY-MM-DD",
      description = "Date the input was seen (default: a date in the file name, else the"
          + " file's modification day).")
  String snapshotDate;

  @Option(names = "--force-ingest",
      description = "Read files again even when ingest_files says they were taken.")
  boolean force;

  LocalDate snapshotDate() {
    return IngestCommand.date("--snapshot-date", snapshotDate);
  }

  /** Checks the options and the warehouse before Spark starts; returns the ingest job. */
  IngestJob job(SparkSession spark, Settings settings) {
    return new IngestJob(spark, settings, inputs(settings), snapshotDate(), force);
  }

  /** The inputs, checked (paths, formats, mappings, date, a writable warehouse). */
  List<IngestJob.Input> inputs(Settings settings) {
    List<IngestJob.Input> in = IngestJob.inputs(settings.ingest(), input, format, mapping);
    snapshotDate();
    Warehouses.checkWritable(settings.warehouse());
    return in;
  }
}
