package papertrends.cli;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.io.Catalog;
import papertrends.io.Warehouse;
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

  @Option(names = "--csv", description = "Print CSV (a header line, then rows).")
  boolean csv;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10000",
      description = "At most N rows are printed (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  protected String jobName() {
    return "sql";
  }

  @Override
  protected int run(SparkSession spark, Settings settings) {
    Warehouse w = new Warehouse(spark, settings);
    List<String> names = Catalog.registerAll(w);
    org.slf4j.LoggerFactory.getLogger(SqlCommand.class).info("registered: {}", names);
    Dataset<Row> result = spark.sql(query);
    PrintStream out = System.out;
    TablePrinter.print(result, limit, csv, out);
    out.flush();
    return Main.OK;
  }
}
