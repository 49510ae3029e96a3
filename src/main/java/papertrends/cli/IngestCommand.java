package papertrends.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.ingest.IngestJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `papertrends ingest`: landing files into the papers table. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Load landing files (a file or a folder) into the papers table (Delta MERGE"
        + " on paper_id), with rejects, paper_sightings and ingest_files.",
        "Files already taken (same path, checksum and snapshot date) are skipped.",
        "Formats: auto, trending-page, arxiv-json, arxiv-oai, pubmed-xml, openalex, csv, jsonl,"
            + " parquet (csv/jsonl/parquet need --mapping)."},
    footer = {"", "Example: jobs/papertrends ingest --input ../shared/data/arxiv-api-csv"
        + " --format csv --mapping arxiv-api-csv"})
public final class IngestCommand extends JobCommand {
  @Mixin
  InputOptions input = new InputOptions();

  @Override
  protected String jobName() {
    return "ingest";
  }

  @Override
  protected void validate(Settings settings) {
    input.inputs(settings);
  }

  @Override
  protected int run(SparkSession spark, Settings settings) throws Exception {
    IngestJob.Result r = input.job(spark, settings).run();
    System.out.println("ingest batch " + r.batchId() + ": " + r.counts());
    System.out.println("tables: " + settings.warehouse() + "/tables (papers, paper_sightings,"
        + " rejects, ingest_files); query them with: jobs/papertrends sql \"SELECT ...\"");
    return Main.OK;
  }

  /** Parses a YYYY-MM-DD option. */
  static LocalDate date(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " needs a date YYYY-MM-DD, got: " + value);
    }
  }
}
