package papertrends.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.spark.Sessions;

/**
 * The one SparkSession of the test JVM (local[2], 2 shuffle partitions, UI off, logs at WARN),
 * and helpers for settings and the real corpora in ../shared/data.
 */
public final class TestSpark {
  private static SparkSession spark;
  private static Path scratch;

  private TestSpark() {}

  /** The shared session; created on first use, stopped when the JVM exits. */
  public static synchronized SparkSession session() {
    if (spark == null) {
      try {
        scratch = Files.createTempDirectory("papertrends-test-");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      SparkSession.Builder b = SparkSession.builder().master("local[2]")
          .appName("papertrends-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
          // one session runs many pipelines: keep their generated classes (a profile of
          // MaintainTest spent about 17 % of its samples compiling generated code again with
          // Spark's default cache of 100 classes)
          .config("spark.sql.codegen.cache.maxEntries", "2000")
          // the tests' corpora are small: interpreted expressions and no whole-stage code
          // generation do the same work without compiling a class per query (HistoryTest alone:
          // 377 s against 442 s, CPU 608 s against 729 s). The jobs the *IT classes launch
          // through spark-submit keep Spark's default, code generation, as production runs it,
          // but for PipelineKillIT's (Launcher.INTERPRETED).
          .config("spark.sql.codegen.wholeStage", "false")
          .config("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      Sessions.apply(b, new org.apache.spark.SparkConf(false),
          Sessions.defaults(scratch.toString(), 2));
      spark = b.getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /** The local file of a file: URI (a warehouse path on the local disk). */
  public static Path local(String uri) {
    return Path.of(new org.apache.hadoop.fs.Path(uri).toUri());
  }

  /** The class path of the tests (Surefire/Failsafe give it apart from their booter jar). */
  public static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return Arrays.asList(cp.split(java.io.File.pathSeparator));
  }

  /** The project folder (where pom.xml is). */
  public static Path projectDir() {
    String p = System.getProperty("papertrends.project.dir");
    return Path.of(p != null ? p : ".").toAbsolutePath().normalize();
  }

  /** ../shared/data beside the project: the real corpora. */
  public static Path sharedData() {
    return projectDir().resolve("../shared/data").normalize();
  }

  /** A path under ../shared/data. */
  public static String data(String relative) {
    return sharedData().resolve(relative).toString();
  }

  /**
   * Settings of a test: the project's reference.conf with its home, the given warehouse, two
   * shuffle partitions, no DuckDB file (bi.enabled=false), plus any key=value overrides.
   */
  public static Settings settings(Path warehouse, String... sets) {
    return settings(warehouse.toAbsolutePath().toString(), sets);
  }

  /** Settings of a test whose warehouse is a URI (hdfs://…). */
  public static Settings settings(String warehouse, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("papertrends.home=\"" + projectDir() + "\"");
    all.add("papertrends.warehouse=\"" + warehouse + "\"");
    all.add("papertrends.spark.shuffle-partitions=2");
    // the DuckDB file only where a test reads it (SharedWarehouse, BiDatabaseTest): it costs
    // seconds per pipeline
    all.add("papertrends.bi.enabled=false");
    all.addAll(Arrays.asList(sets));
    return Settings.load(null, all);
  }
}
