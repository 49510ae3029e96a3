package papertrends.cli;

import java.io.PrintWriter;
import papertrends.config.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of every job: `papertrends <job> [options]` (run by jobs/papertrends). */
@Command(name = "papertrends", mixinStandardHelpOptions = true, versionProvider = Main.BuildVersion.class,
    description = "Scheduled Spark jobs that turn paper abstracts into topic and trend tables.",
    subcommands = {
        IngestCommand.class,
        SqlCommand.class,
        RunsCommand.class,
        PipelineCommand.class,
        RerunCommand.class,
        BackfillCommand.class,
        TrendsCommand.class,
        PublishCommand.class,
        BiCommand.class,
        FeaturesCommand.class,
        TopicsCommand.class,
        LabelCommand.class,
        MaintainCommand.class,
    })
public final class Main implements Runnable {
  /** Exit code of a successful job. */
  public static final int OK = 0;
  /** Exit code of a failed job. */
  public static final int FAILED = 1;
  /** Exit code of bad usage or config. */
  public static final int USAGE = 2;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this),
        "name a job: one of " + new CommandLine(this).getSubcommands().keySet());
  }

  /** The version line of the build (pom version and git commit, from the jar's manifest). */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {papertrends.util.Version.describe()};
    }
  }

  public static void main(String[] args) {
    int code = execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExitCodeExceptionMapper(t -> t instanceof UsageException ? USAGE : FAILED);
    cl.setParameterExceptionHandler((ex, a) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      CommandLine c = ex.getCommandLine();
      String job = c.getParent() == null ? "" : c.getCommandName() + " ";
      err.println("papertrends: " + ex.getMessage() + " (see: jobs/papertrends " + job
          + "--help)");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parse) -> {
      PrintWriter err = c.getErr();
      if (ex instanceof UsageException) {
        err.println("papertrends: " + ex.getMessage());
        return USAGE;
      }
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("job failed", ex);
      if (System.getenv("PAPERTRENDS_DEBUG") != null) {
        ex.printStackTrace(err);
      }
      if (shuttingDown()) {
        // SIGTERM (a scheduler's timeout): Spark's own hook stopped the session under the job,
        // so the exception says nothing useful; the run stays running and can be retried.
        err.println("papertrends: " + c.getCommandName() + " stopped: the driver is shutting"
            + " down (SIGTERM or a lost Spark context); the run stays running: retry the stage"
            + " with the same --run");
        return FAILED;
      }
      err.println("papertrends: " + c.getCommandName() + " failed: " + describe(ex));
      return FAILED;
    });
    return cl;
  }

  /** True once the JVM has begun to shut down (a hook can no longer be added then). */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /** One line saying what went wrong, from the root cause. */
  public static String describe(Throwable t) {
    return papertrends.util.Errors.describe(t);
  }
}
