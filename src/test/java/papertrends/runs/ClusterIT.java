package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.Launcher;
import papertrends.testing.TableAssert;
import papertrends.testing.TestSpark;

/**
 * A real Spark standalone cluster (jobs/cluster: a master and two workers on 127.0.0.1) runs
 * the pipeline through spark-submit, and its tables equal, value for value, those of a
 * local[2] run of the same input, config and seed.
 */
class ClusterIT {
  static final String MASTER = "spark://127.0.0.1:7077";
  static final Set<String> VOLATILE = RunsFixture.VOLATILE;

  @TempDir
  static Path tmp;

  static Map<String, String> clusterEnv;
  static Launcher.Outcome onCluster;
  static Path localRun;
  static final String CSV = RunsFixture.SPC;
  static Thread stopHook;

  @BeforeAll
  static void runBoth() {
    clusterEnv = Map.of("PAPERTRENDS_CLUSTER_STATE_DIR", tmp.resolve("cluster").toString(),
        "PAPERTRENDS_CLUSTER_WORKERS", "2", "PAPERTRENDS_CLUSTER_WORKER_MEMORY", "1g");
    stopHook = new Thread(ClusterIT::stopCluster);
    Runtime.getRuntime().addShutdownHook(stopHook);
    Launcher.Outcome started = Launcher.run(Launcher.command("cluster", "start"), clusterEnv);
    assertEquals(0, started.exit(), started.describe());
    Launcher.Outcome status = Launcher.run(Launcher.command("cluster", "status"), clusterEnv);
    assertTrue(status.out().contains("2 worker(s) alive"), status.describe());
    onCluster = job(MASTER, tmp.resolve("wh-cluster"));
    stopCluster();
    try {
      localRun = RunsFixture.spcLocalRun();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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

  /** The pipeline on one real CSV file (156 papers, 2002-2026) with a small, seeded model. */
  static Launcher.Outcome job(String master, Path warehouse) {
    return Launcher.run(Launcher.command("papertrends", RunsFixture.pipelineArgs(master,
        warehouse, CSV)),
        Map.of("PAPERTRENDS_CLUSTER_STATE_DIR", tmp.resolve("cluster").toString()));
  }

  @Test
  void theClusterRunSucceedsThroughSparkSubmit() {
    assertEquals(0, onCluster.exit(), onCluster.describe());
    assertTrue(onCluster.out().contains("succeeded"), onCluster.out());
    assertTrue(localRun.resolve("tables").resolve(Tables.TOPIC_TRENDS).toFile().isDirectory());
  }

  @Test
  void clusterTablesEqualLocalTablesValueForValue() {
    assertEquals(0, onCluster.exit(), onCluster.describe());
    SparkSession spark = TestSpark.session();
    int compared = 0;
    for (String table : RunsFixture.COMPARED_TABLES) {
      Path a = localRun.resolve("tables").resolve(table);
      Path b = tmp.resolve("wh-cluster/tables").resolve(table);
      assertEquals(a.toFile().isDirectory(), b.toFile().isDirectory(), table);
      if (!a.toFile().isDirectory()) {
        continue;
      }
      compared += TableAssert.assertSameRows(table,
          spark.read().format("delta").load(a.toString()),
          spark.read().format("delta").load(b.toString()), VOLATILE, 1e-9);
    }
    long papers = spark.read().format("delta").load(tmp.resolve("wh-cluster/tables/"
        + Tables.PAPERS).toString()).count();
    assertEquals(156, papers);
    assertTrue(compared > papers, "rows compared: " + compared);
  }

}
