package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.LatestViews;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.RunsFixture;
import papertrends.testing.Launcher;
import papertrends.testing.TestSpark;

/**
 * Catalog registration in a real Hive metastore (Spark's Hive support on an embedded Derby
 * database in a temp folder): `publish` with papertrends.catalog.database registers every table
 * and latest_* view persistently, and a session started later in another JVM, whose own
 * warehouse is empty, finds them by name and reads the rows of the published warehouse.
 */
class CatalogIT {
  static final String DB = "pt_catalog";

  @TempDir
  Path tmp;

  @Test
  void publishRegistersTablesAndViewsALaterSessionReadsByName() throws IOException {
    // a copy of the small seeded run the runs tests share (156 papers, k=4), as publish writes
    // its exports again; copied through Hadoop's checksummed local file system, so every file
    // has a .NAME.crc beside it, as after a `put` (the exports publish replaces must drop theirs)
    Path wh = tmp.resolve("wh");
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    FileSystem local = FileSystem.getLocal(conf);
    assertTrue(FileUtil.copy(local, new org.apache.hadoop.fs.Path(RunsFixture.spcLocalRun()
        .toUri()), local, new org.apache.hadoop.fs.Path(wh.toUri()), false, conf));
    Warehouse w = new Warehouse(TestSpark.session(), TestSpark.settings(wh,
        RunsFixture.SMALL_MODEL));
    String runId = w.read(Tables.MODEL_RUNS).where("status = 'succeeded'")
        .selectExpr("max(run_id)").first().getString(0);

    Launcher.Outcome published = java(wh, "publish", "--run", runId,
        "--set", "catalog.database=" + DB, "--set", "publish.report=false",
        "--set", "bi.enabled=false");
    assertEquals(0, published.exit(), published.describe());

    // the later session: its warehouse is empty, so only the metastore knows the names
    Map<String, String> expected = new LinkedHashMap<>();
    List<String> selects = new ArrayList<>();
    for (String t : w.tableNames()) {
      expected.put(t, String.valueOf(w.read(t).count()));
      selects.add("SELECT '" + t + "' AS name, CAST(count(*) AS STRING) AS n FROM " + DB + "."
          + t);
    }
    for (String t : LatestViews.RUN_TABLES) {
      if (w.exists(t)) {
        expected.put("latest_" + t, String.valueOf(w.read(t).where("run_id = '" + runId + "'")
            .count()));
        selects.add("SELECT 'latest_" + t + "', CAST(count(*) AS STRING) FROM " + DB
            + ".latest_" + t);
      }
    }
    expected.put("latest_run", runId);
    selects.add("SELECT 'latest_run', max(run_id) FROM " + DB + ".latest_run");
    assertTrue(Long.parseLong(expected.get(Tables.PAPERS)) > 0, "the warehouse has papers");

    Launcher.Outcome read = java(tmp.resolve("empty-wh"), "sql", "--csv",
        String.join(" UNION ALL ", selects));
    assertEquals(0, read.exit(), read.describe());
    Map<String, String> seen = new LinkedHashMap<>();
    read.out().lines().skip(1).map(l -> l.split(",", 2)).forEach(p -> seen.put(p[0], p[1]));
    assertEquals(expected, seen, read.describe());
    assertTrue(Files.notExists(tmp.resolve("empty-wh").resolve("tables")),
        "the later session read the published warehouse, not its own");
  }

  /**
   * papertrends.cli.Main in a JVM of its own (the tests' class path, which has spark-hive),
   * local[1], its session's catalog the Derby metastore under tmp/metastore.
   */
  private Launcher.Outcome java(Path warehouse, String... args) {
    Path metastore = tmp.resolve("metastore");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the tests' JVM flags (--add-opens … that Spark needs), not their heap or agents
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-Dlog4j2"))
        .forEach(cmd::add);
    cmd.addAll(Launcher.childJvmFlags());
    cmd.addAll(List.of("-Xmx1g", "-cp", String.join(java.io.File.pathSeparator,
        TestSpark.testClassPath()),
        "-Dspark.master=local[1]",
        "-Dspark.sql.catalogImplementation=hive",
        "-Dspark.sql.warehouse.dir=" + metastore.resolve("hive-warehouse"),
        "-Dspark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName="
            + metastore.resolve("metastore_db") + ";create=true",
        "-Dderby.system.home=" + metastore,
        "papertrends.cli.Main"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--set", "warehouse=\"" + warehouse + "\""));
    Stream.of(RunsFixture.SMALL_MODEL).forEach(s -> cmd.addAll(List.of("--set", s)));
    return Launcher.run(cmd, Map.of(), tmp);
  }
}
