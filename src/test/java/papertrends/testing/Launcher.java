package papertrends.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs jobs/papertrends (or jobs/cluster) as a child process, the way a user or a scheduler
 * does, and collects its exit code, standard output and standard error.
 */
public final class Launcher {
  /** What a finished process left. */
  public record Outcome(int exit, String out, String err, boolean killed) {
    public String describe() {
      return "exit " + exit + (killed ? " (killed)" : "") + "\n--- stdout\n" + out
          + "\n--- stderr\n" + err;
    }
  }

  private Launcher() {}

  /**
   * JVM flags of a launched job: papertrends.test.jvm, then papertrends.child.jvm (pom.xml: C1
   * only, as a launched job is a short-lived cold JVM).
   */
  public static List<String> childJvmFlags() {
    List<String> flags = new ArrayList<>();
    for (String p : List.of("papertrends.test.jvm", "papertrends.child.jvm")) {
      for (String f : System.getProperty(p, "").trim().split("\\s+")) {
        if (!f.isEmpty()) {
          flags.add(f);
        }
      }
    }
    return flags;
  }

  /**
   * Environment of a launched job that runs Spark SQL interpreted, as the in-process session
   * does (TestSpark): for PipelineKillIT's kills and recoveries, where the launched jobs'
   * code generation is not what is tested (it took a quarter of the CPU samples of a launched
   * pipeline: Janino 17 %, other code generation 9.7 %). ClusterIT,
   * DeployedLauncherIT, IngestLauncherIT, FaultsIT and CatalogIT launch jobs as production runs
   * them (FaultsIT alone: 231 s with code generation, 228 s without: no gain there).
   */
  public static final Map<String, String> INTERPRETED = Map.of("PAPERTRENDS_SUBMIT_ARGS",
      "--conf spark.sql.codegen.wholeStage=false --conf spark.sql.codegen.factoryMode=NO_CODEGEN");

  /** The command line of a script under jobs/ with its arguments. */
  public static List<String> command(String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(TestSpark.projectDir().resolve("jobs").resolve(script).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs the command to its end. */
  public static Outcome run(List<String> cmd, Map<String, String> env) {
    return run(cmd, env, (Predicate<String>) null);
  }

  /**
   * Runs the command; when killWhen matches a line of its standard error, the process (the
   * driver JVM, which the launcher exec's into) gets SIGKILL at once.
   */
  public static Outcome run(List<String> cmd, Map<String, String> env,
      Predicate<String> killWhen) {
    return run(cmd, env, killWhen, TestSpark.projectDir());
  }

  /**
   * The same with the signal the driver gets: "TERM" (a scheduler's timeout stopping a task)
   * or "KILL".
   */
  public static Outcome run(List<String> cmd, Map<String, String> env,
      Predicate<String> killWhen, String signal) {
    return run(cmd, env, killWhen, TestSpark.projectDir(), signal);
  }

  /** Runs the command in a working directory of its own. */
  public static Outcome run(List<String> cmd, Map<String, String> env, Path workDir) {
    return run(cmd, env, null, workDir);
  }

  private static Outcome run(List<String> cmd, Map<String, String> env,
      Predicate<String> killWhen, Path workDir) {
    return run(cmd, env, killWhen, workDir, "KILL");
  }

  private static Outcome run(List<String> cmd, Map<String, String> env,
      Predicate<String> killWhen, Path workDir, String signal) {
    try {
      Path out = Files.createTempFile("papertrends-out-", ".txt");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(
              new File("/dev/null")));
      pb.environment().keySet().removeIf(k -> k.startsWith("PAPERTRENDS_")
          || k.equals("SPARK_HOME"));
      // the test JVMs' JIT flags, then the launched jobs' own, for their driver and executors
      pb.environment().put("PAPERTRENDS_JAVA_OPTS", String.join(" ", childJvmFlags()));
      pb.environment().putAll(env);
      Process p = pb.start();
      StringBuilder err = new StringBuilder();
      boolean killed = false;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          err.append(line).append('\n');
          if (!killed && killWhen != null && killWhen.test(line)) {
            // the launcher exec's java, so this pid is the driver: signal it mid-write
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start()
                .waitFor();
            killed = true;
          }
        }
      }
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out);
      Files.deleteIfExists(out);
      return new Outcome(p.exitValue(), stdout, err.toString(), killed);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
