package papertrends.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.ConfigPayload;
import papertrends.config.Settings;
import papertrends.spark.Sessions;
import picocli.CommandLine.Mixin;

/**
 * A job's command: load and validate the config, check the warehouse's connector and the
 * options, then build the session and run the job in try/finally spark.stop(). Exceptions reach
 * Main, which turns them into exit codes.
 */
public abstract class JobCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(JobCommand.class);

  @Mixin
  ConfigOptions configOptions = new ConfigOptions();

  /** The job's name, as in the progress lines. */
  protected abstract String jobName();

  /** Checks options before Spark starts; throws UsageException for bad ones. */
  protected void validate(Settings settings) {}

  /** Runs the job; returns the exit code. */
  protected abstract int run(SparkSession spark, Settings settings) throws Exception;

  @Override
  public Integer call() throws Exception {
    // in cluster deploy mode the launcher ships the resolved config (and the files it names)
    Settings settings = ConfigPayload.fromSystem().orElseGet(() ->
        Settings.load(configOptions.configFile(), configOptions.sets()));
    Warehouses.checkConnector(settings.warehouse());
    validate(settings);
    LOG.info("{}: config {}", jobName(), settings.json());
    SparkSession spark = Sessions.create(jobName(), settings);
    try {
      return run(spark, settings);
    } finally {
      spark.stop();
    }
  }
}
