package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.Hdfs;
import papertrends.testing.Launcher;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * A real Spark standalone cluster (jobs/cluster: a master and two workers on 127.0.0.1) runs
 * the pipeline through spark-submit with --deploy-mode cluster: the driver runs on a worker,
 * the landing file and the warehouse are on a real HDFS (in the test JVM, on 127.0.0.1), and
 * the config file and the files it names travel with the submission. Its tables equal, value
 * for value, those of a local[2] run of the same input, config and seed on a local folder.
 */
class ClusterIT {
  static final String MASTER = "spark://127.0.0.1:7077";
  static final Set<String> VOLATILE = RunsFixture.VOLATILE;

  @TempDir
  static Path tmp;

  static Map<String, String> clusterEnv;
  static Launcher.Outcome onCluster;
  static String warehouse;
  static Path localRun;
  static Thread stopHook;

  @BeforeAll
  static void runBoth() throws IOException {
    String root = Hdfs.folder("cluster-it");
    warehouse = root + "/wh";
    String input = root + "/landing/spc_arxiv_metadata.csv";
    Hdfs.put(Path.of(RunsFixture.SPC), input);
    clusterEnv = Map.of("PAPERTRENDS_CLUSTER_STATE_DIR", tmp.resolve("cluster").toString(),
        "PAPERTRENDS_CLUSTER_WORKERS", "2", "PAPERTRENDS_CLUSTER_WORKER_MEMORY", "1g");
    stopHook = new Thread(ClusterIT::stopCluster);
    Runtime.getRuntime().addShutdownHook(stopHook);
    Launcher.Outcome started = Launcher.run(Launcher.command("cluster", "start"), clusterEnv);
    assertEquals(0, started.exit(), started.describe());
    Launcher.Outcome status = Launcher.run(Launcher.command("cluster", "status"), clusterEnv);
    assertTrue(status.out().contains("2 worker(s) alive"), status.describe());
    List<String> args = new ArrayList<>(List.of(RunsFixture.pipelineArgs(MASTER, warehouse,
        input)));
    args.addAll(List.of("--config", configFile().toString()));
    onCluster = Launcher.run(Launcher.command("papertrends", args.toArray(String[]::new)),
        clusterEnv);
    stopCluster();
    localRun = RunsFixture.spcLocalRun();
  }

  /**
   * A config file of the submitting host (cluster deploy mode) naming a stopwords file and a
   * mappings folder of its own, copies of the project's, so the local run is the same model.
   */
  static Path configFile() throws IOException {
    Path project = TestSpark.projectDir();
    Path stopwords = Files.copy(project.resolve("conf/stopwords-academic.txt"),
        tmp.resolve("stopwords.txt"));
    Path mappings = Files.createDirectories(tmp.resolve("mappings"));
    Files.copy(project.resolve("conf/mappings/arxiv-api-csv.conf"),
        mappings.resolve("arxiv-api-csv.conf"));
    return Files.writeString(tmp.resolve("cluster.conf"), "papertrends {\n"
        + "  spark.deploy-mode = cluster\n"
        // cut the fit's lineage every 2 passes: on a cluster by checkpoint files in HDFS
        + "  topics.checkpoint-interval = 2\n"
        + "  features.stopwords-file = \"" + stopwords + "\"\n"
        + "  ingest.mappings-dir = \"" + mappings + "\"\n}\n");
  }

  @AfterAll
  static void stop() {
    stopCluster();
    Runtime.getRuntime().removeShutdownHook(stopHook);
  }

  static void stopCluster() {
    if (clusterEnv != null) {
      Launcher.run(Launcher.command("cluster", "stop"), clusterEnv);
    }
  }

  /** What the driver printed: its stdout in the work folder of the worker that ran it. */
  static String driverOut() throws IOException {
    return driverFile("stdout");
  }

  /** A file (stdout, stderr) of the driver's work folder on the worker that ran it. */
  static String driverFile(String name) throws IOException {
    Matcher m = Pattern.compile("State of driver (driver-\\S+) is FINISHED")
        .matcher(onCluster.err());
    assertTrue(m.find(), "the driver ran on the cluster and finished: " + onCluster.describe());
    try (Stream<Path> s = Files.walk(tmp.resolve("cluster/work"), 2)) {
      Path dir = s.filter(p -> p.getFileName().toString().equals(m.group(1))).findFirst()
          .orElseThrow(() -> new AssertionError("no work folder of " + m.group(1)));
      return Files.readString(dir.resolve(name));
    }
  }

  @Test
  void theDriverRunsOnAWorkerAndTheRunSucceeds() throws IOException {
    assertEquals(0, onCluster.exit(), onCluster.describe());
    String out = driverOut();
    assertTrue(out.contains("succeeded"), out);
    assertTrue(Hdfs.fs().exists(new org.apache.hadoop.fs.Path(warehouse + "/tables/"
        + Tables.TOPIC_TRENDS)));
  }

  /**
   * On a cluster the fit's passes checkpoint into the warehouse's checkpoints folder on HDFS
   * (the driver said so on its progress lines) and delete every checkpoint they wrote.
   */
  @Test
  void theFitCheckpointsInHdfsAndLeavesNoCheckpointFiles() throws IOException {
    assertEquals(0, onCluster.exit(), onCluster.describe());
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(warehouse + "/checkpoints");
    assertTrue(Hdfs.fs().exists(folder), "the online fit used " + folder);
    org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files =
        Hdfs.fs().listFiles(folder, true);
    List<String> left = new ArrayList<>();
    while (files.hasNext()) {
      left.add(files.next().getPath().toString());
    }
    assertEquals(List.of(), left, "checkpoint files left behind");
    String out = driverFile("stderr");
    Matcher m = Pattern.compile("LDA checkpoints: (\\d+) written, (\\d+) deleted").matcher(out);
    assertTrue(m.find(), out);
    assertTrue(Integer.parseInt(m.group(1)) >= 2, m.group());
    assertEquals(m.group(1), m.group(2), m.group());
  }

  @Test
  void clusterTablesOnHdfsEqualLocalTablesValueForValue() {
    assertEquals(0, onCluster.exit(), onCluster.describe());
    SparkSession spark = TestSpark.session();
    int compared = 0;
    for (String table : RunsFixture.COMPARED_TABLES) {
      Path a = localRun.resolve("tables").resolve(table);
      String b = warehouse + "/tables/" + table;
      assertEquals(Files.isDirectory(a), exists(b), table);
      if (!Files.isDirectory(a)) {
        continue;
      }
      compared += TableAssert.assertSameRows(table,
          spark.read().format("delta").load(a.toString()),
          spark.read().format("delta").load(b), VOLATILE, 1e-9);
    }
    long papers = spark.read().format("delta").load(warehouse + "/tables/" + Tables.PAPERS)
        .count();
    assertEquals(156, papers);
    assertTrue(compared > papers, "rows compared: " + compared);
  }

  static boolean exists(String uri) {
    try {
      return Hdfs.fs().exists(new org.apache.hadoop.fs.Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
