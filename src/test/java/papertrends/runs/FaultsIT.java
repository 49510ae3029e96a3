package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.io.Tables;
import papertrends.testing.Hdfs;
import papertrends.testing.Launcher;
import papertrends.testing.TestSpark;

/**
 * Faults, through jobs/papertrends as a scheduler runs it: concurrent ingests (on a local folder
 * and on a real HDFS), a warehouse that cannot be written, a full disk.
 */
class FaultsIT {
  @TempDir
  Path tmp;

  static String[] ingest(Path warehouse, String csv) {
    return ingest(warehouse.toString(), csv);
  }

  static String[] ingest(String warehouse, String csv) {
    List<String> a = new ArrayList<>(List.of("ingest", "--master", "local[2]", "--input", csv,
        "--format", "csv", "--mapping", "arxiv-api-csv"));
    a.addAll(RunsFixture.smallModel(warehouse));
    return a.toArray(String[]::new);
  }

  static Dataset<Row> table(String warehouse, String name) {
    return TestSpark.session().read().format("delta").load(warehouse + "/tables/" + name);
  }

  static Dataset<Row> table(Path warehouse, String name) {
    return table(warehouse.toString(), name);
  }

  /** The ids of a CSV file of the arXiv API set, as ingest names them (arxiv:ID, no version). */
  static List<String> idsOf(String csv) {
    SparkSession spark = TestSpark.session();
    return spark.read().option("header", "true").option("multiLine", "true")
        .option("escape", "\"").csv(csv).selectExpr("concat('arxiv:',"
            + " regexp_replace(id, 'v[0-9]+$', '')) AS paper_id").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void twoIngestsAtOnceBothLand() throws Exception {
    twoIngestsAtOnce(tmp.resolve("wh").toString());
  }

  @Test
  void twoIngestsAtOnceOnHdfsBothLand() throws Exception {
    twoIngestsAtOnce(Hdfs.folder("faults-it") + "/pt");
  }

  /** Two ingest jobs of different files start together on one fresh warehouse. */
  static void twoIngestsAtOnce(String wh) throws Exception {
    String a = TestSpark.data("arxiv-api-csv/spc_arxiv_metadata.csv");
    String b = TestSpark.data("arxiv-api-csv/reliability_arxiv_metadata.csv");
    CompletableFuture<Launcher.Outcome> first = CompletableFuture.supplyAsync(() ->
        Launcher.run(Launcher.command("papertrends", ingest(wh, a)), Map.of()));
    CompletableFuture<Launcher.Outcome> second = CompletableFuture.supplyAsync(() ->
        Launcher.run(Launcher.command("papertrends", ingest(wh, b)), Map.of()));
    Launcher.Outcome oa = first.get();
    Launcher.Outcome ob = second.get();
    assertEquals(0, oa.exit(), oa.describe());
    assertEquals(0, ob.exit(), ob.describe());

    Dataset<Row> papers = table(wh, Tables.PAPERS);
    List<String> expected = new ArrayList<>(idsOf(a));
    expected.addAll(idsOf(b));
    long distinct = expected.stream().distinct().count();
    assertEquals(distinct, papers.count(), "every paper of both files, once");
    assertEquals(distinct, papers.select("paper_id").distinct().count(), "no duplicate ids");
    List<String> have = papers.select("paper_id").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertTrue(have.containsAll(expected), "no paper of either file dropped");
    assertEquals(2, table(wh, Tables.INGEST_FILES).count(), "both files recorded");
  }

  @Test
  void warehouseUnderARegularFileIsOneClearErrorLine() throws IOException {
    // root ignores permission bits, so an unwritable warehouse is one under a regular file;
    // it is found before Spark starts
    Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
    Launcher.Outcome o = Launcher.run(Launcher.command("papertrends",
        ingest(file.resolve("warehouse"), TestSpark.data("arxiv-api-csv/spc_arxiv_metadata.csv"))),
        Map.of());
    assertEquals(2, o.exit(), o.describe());
    List<String> lines = o.err().lines().filter(l -> l.startsWith("papertrends: ")).toList();
    assertEquals(1, lines.size(), o.describe());
    assertTrue(lines.get(0).contains("cannot write the warehouse " + file.resolve("warehouse")),
        lines.get(0));
  }

  @Test
  void fullDiskIsOneClearErrorLineAndNothingHalfWritten() throws Exception {
    Path mount = tmp.resolve("tiny");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
        mount.toString()).redirectErrorStream(true).start();
    assumeTrue(p.waitFor() == 0, "mounting a tiny tmpfs needs root");
    try {
      Path wh = mount.resolve("wh");
      // leave less room than the papers table needs
      try (RandomAccessFile f = new RandomAccessFile(mount.resolve("filler").toFile(), "rw")) {
        f.setLength(0);
        byte[] block = new byte[4096];
        long target = 1024 * 1024 - 160 * 1024;
        for (long n = 0; n < target; n += block.length) {
          f.write(block);
        }
      }
      Launcher.Outcome o = Launcher.run(Launcher.command("papertrends",
          ingest(wh, TestSpark.data("arxiv-api-csv/reliability_arxiv_metadata.csv"))), Map.of());
      assertEquals(1, o.exit(), o.describe());
      assertOneErrorLine(o, "ingest failed");
      Path papers = wh.resolve("tables").resolve(Tables.PAPERS);
      if (Files.isDirectory(papers.resolve("_delta_log"))) {
        // a table that exists holds no half-written commit: it reads, at a complete version
        Dataset<Row> t = table(wh, Tables.PAPERS);
        long n = t.count();
        assertTrue(n == 0 || n == idsOf(TestSpark.data(
            "arxiv-api-csv/reliability_arxiv_metadata.csv")).size(), "papers: " + n);
      }
    } finally {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
    }
  }

  /** Exactly one "papertrends: … failed: …" line on stderr. */
  static void assertOneErrorLine(Launcher.Outcome o, String what) {
    List<String> errors = o.err().lines().filter(l -> l.startsWith("papertrends: ")
        && l.contains(" failed")).toList();
    assertEquals(1, errors.size(), o.describe());
    assertTrue(errors.get(0).contains(what), errors.get(0));
  }
}
