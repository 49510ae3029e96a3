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
          .config("spark.sql.adaptive.coalescePartitions.enabled", "true");
      Sessions.applyCommon(b, scratch, 2);
      spark = b.getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
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
   * shuffle partitions, plus any key=value overrides.
   */
  public static Settings settings(Path warehouse, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("papertrends.home=\"" + projectDir() + "\"");
    all.add("papertrends.warehouse=\"" + warehouse.toAbsolutePath() + "\"");
    all.add("papertrends.spark.shuffle-partitions=2");
    all.addAll(Arrays.asList(sets));
    return Settings.load(null, all);
  }
}
