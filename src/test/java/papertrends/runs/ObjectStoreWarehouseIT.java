package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.Launcher;
import papertrends.testing.TestSpark;

/**
 * A warehouse on an object store through jobs/papertrends: s3a:// with its connector (given as
 * --jars) but no reachable endpoint, and gs:// without a connector, each stop the job in one
 * clear line before Spark starts, exit non-zero, with nothing written on the local disk.
 */
class ObjectStoreWarehouseIT {
  static final String WAREHOUSE = "s3a://papertrends-test/pt";

  @TempDir
  Path workDir;

  /** A port of 127.0.0.1 on which nothing listens. */
  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * hadoop-aws, the AWS SDK's s3 modules and what they need of the tests' class path (the
   * Apache HTTP client of the SDK's apache-client), as a user's --jars: the jars that
   * --packages would resolve. The application's own class path has no HTTP client.
   */
  static String connectorJars() {
    return String.join(",", TestSpark.testClassPath().stream()
        .filter(e -> e.contains("/software/amazon/") || e.contains("/hadoop-aws-")
            || e.contains("/reactive-streams-") || e.contains("/org/apache/httpcomponents/"))
        .toList());
  }

  /** A pipeline on the real CSV file into a warehouse, with s3a:// settings of an endpoint. */
  static List<String> pipeline(String warehouse, String endpoint) {
    List<String> a = new ArrayList<>(List.of("pipeline", "--master", "local[1]",
        "--input", RunsFixture.SPC, "--format", "csv", "--mapping", "arxiv-api-csv",
        "--set", "warehouse=\"" + warehouse + "\""));
    String[][] s3a = {{"endpoint", endpoint}, {"endpoint.region", "us-east-1"},
        {"path.style.access", "true"}, {"access.key", "test"}, {"secret.key", "test"},
        {"aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"},
        {"attempts.maximum", "1"}, {"retry.limit", "1"}, {"retry.interval", "10ms"},
        {"connection.establish.timeout", "2s"}, {"connection.timeout", "2s"}};
    for (String[] kv : s3a) {
      a.add("--set");
      a.add("spark.conf.\"spark.hadoop.fs.s3a." + kv[0] + "\"=\"" + kv[1] + "\"");
    }
    return a;
  }

  static List<String> filesUnder(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).toList();
    }
  }

  static String oneLine(Launcher.Outcome o) {
    List<String> lines = o.err().lines().filter(l -> l.startsWith("papertrends: ")).toList();
    assertEquals(1, lines.size(), o.describe());
    assertTrue(o.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace\n"
        + o.describe());
    return lines.get(0);
  }

  @Test
  void anUnreachableEndpointIsOneClearLineAndNothingWrittenLocally() throws Exception {
    String endpoint = "http://127.0.0.1:" + closedPort();
    List<String> cmd = Launcher.command("papertrends", pipeline(WAREHOUSE, endpoint)
        .toArray(String[]::new));
    Launcher.Outcome o = Launcher.run(cmd, Map.of("PAPERTRENDS_SUBMIT_ARGS",
        "--jars " + connectorJars()), workDir);
    assertTrue(o.exit() != 0, o.describe());
    String line = oneLine(o);
    assertTrue(line.startsWith("papertrends: cannot write the warehouse " + WAREHOUSE + ": "),
        line);
    assertTrue(line.contains("Connection refused"), "says why: " + line);
    assertEquals(List.of(), filesUnder(workDir), "nothing written in the working directory");
  }

  @Test
  void noConnectorIsOneLineNamingWhatToAdd() throws Exception {
    String gs = "gs://papertrends-test/pt";
    List<String> cmd = Launcher.command("papertrends",
        pipeline(gs, "http://127.0.0.1:" + closedPort()).toArray(String[]::new));
    Launcher.Outcome o = Launcher.run(cmd, Map.of(), workDir);
    assertEquals(2, o.exit(), o.describe());
    String line = oneLine(o);
    assertTrue(line.startsWith("papertrends: no Hadoop FileSystem for gs:// on the class path"
        + " (" + gs + "): add org.apache.hadoop:hadoop-gcp:"), line);
    assertEquals(List.of(), filesUnder(workDir), "nothing written in the working directory");
  }
}
