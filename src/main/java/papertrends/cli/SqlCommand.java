package papertrends.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Warehouse;
import papertrends.runs.RunHistory;
import papertrends.util.TablePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `papertrends sql`: Spark SQL over the warehouse, every table registered by name. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run Spark SQL over the warehouse. Every table (papers, model_runs, topics,"
        + " topic_trends, …) and latest_* view is registered by name.",
        "Standard output holds only the result; logs go to standard error."},
    footer = {"", "Example: jobs/papertrends sql \"SELECT source, count(*) FROM papers GROUP BY"
        + " source\" --csv"})
public final class SqlCommand extends JobCommand {
  @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query.")
  String query;

  @Option(names = "--csv", description = "Print CSV (a header line, then every row, streamed).")
  boolean csv;

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N rows are printed (default: every row with --csv, "
          + TABLE_LIMIT + " in the text table).")
  Integer limit;

  /** Rows of the aligned text table when no --limit is given (it is read by a person). */
  static final int TABLE_LIMIT = 10_000;

  @Override
  protected String jobName() {
    return "sql";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    List<String> names = RunHistory.registerViews(w);
    org.slf4j.LoggerFactory.getLogger(SqlCommand.class).info("registered: {}", names);
    Dataset<Row> result = spark.sql(query);
    PrintStream out = System.out;
    if (limit != null && limit < 0) {
      throw new papertrends.config.UsageException("--limit must be 0 or more, not " + limit);
    }
    if (csv) {
      TablePrinter.printCsv(result, limit == null ? Long.MAX_VALUE : limit, out);
    } else {
      TablePrinter.print(result, limit == null ? TABLE_LIMIT : limit, false, out);
    }
    out.flush();
    return Main.OK;
  }
}
