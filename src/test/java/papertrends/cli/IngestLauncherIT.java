package papertrends.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.Launcher;
import papertrends.testing.TestSpark;

/**
 * The ingest job through the real launcher (jobs/papertrends → spark-submit), as a user runs it:
 * the CSV set into a fresh warehouse, then a query of what came out; bad usage exits 2 with one
 * line on standard error.
 */
class IngestLauncherIT {
  @TempDir
  Path dir;

  record Run(int code, String out, List<String> err) {}

  /**
   * One launch of jobs/papertrends. Terminal colour codes (Maven's, when the launcher resolves
   * the class path) and the JVM's notice about Spark's incubator flag are not the job's lines.
   */
  static Run launch(String... args) {
    Launcher.Outcome o = Launcher.run(Launcher.command("papertrends", args), Map.of());
    List<String> err = o.err().lines()
        .map(l -> l.replaceAll("\u001B\\[[0-9;]*m", ""))
        .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules"))
        .toList();
    return new Run(o.exit(), o.out(), err);
  }

  @Test
  void csvSetIsIngestedAndQueried() throws Exception {
    String wh = "papertrends.warehouse=" + dir.resolve("wh");
    Run ingest = launch("ingest", "--input", TestSpark.data("arxiv-api-csv"), "--format",
        "csv", "--mapping", "arxiv-api-csv", "--set", wh);
    assertEquals(0, ingest.code(), String.join("\n", ingest.err()));
    assertTrue(ingest.out().contains("papers 1586 new, 0 updated"), ingest.out());
    assertTrue(ingest.err().stream().anyMatch(l -> l.contains("UPSTREAM-LICENSE-NOTE.md")),
        "the note is named in the log: " + ingest.err());
    assertTrue(ingest.err().stream().anyMatch(l -> l.startsWith(
        "papertrends: ingest finished in ")), ingest.err().toString());

    // one launch of sql: a query holding " -h " runs (it is not a help request), --csv prints
    // every row, past the text table's 10,000 (1,586 papers x 8 = 12,688), and each row carries
    // the warehouse's counts
    Run sql = launch("sql", "SELECT '-h' AS flag, paper_id, r.id, c.papers, c.ids, c.files,"
        + " c.rejects FROM papers -- -h --help\n"
        + " CROSS JOIN range(8) r CROSS JOIN (SELECT count(*) AS papers,"
        + " count(DISTINCT paper_id) AS ids, (SELECT count(*) FROM ingest_files) AS files,"
        + " (SELECT count(*) FROM rejects) AS rejects FROM papers) c", "--csv", "--set", wh);
    assertEquals(0, sql.code(), String.join("\n", sql.err()));
    List<String> lines = sql.out().lines().toList();
    assertEquals("flag,paper_id,id,papers,ids,files,rejects", lines.get(0));
    assertEquals(1 + 1586 * 8, lines.size());
    assertEquals(1586 * 8, lines.stream().skip(1).filter(l -> l.startsWith("-h,")
        && l.endsWith(",1586,1586,3,0")).distinct().count(), "every row once, with the counts");
  }

  @Test
  void unknownFormatIsAUsageError() throws Exception {
    Run r = launch("ingest", "--input", TestSpark.data("arxiv-api-csv"), "--format", "xlsx",
        "--set", "papertrends.warehouse=" + dir.resolve("wh"));
    assertEquals(2, r.code());
    assertEquals(1, r.err().size(), r.err().toString());
    assertTrue(r.err().get(0).startsWith("papertrends: unknown format 'xlsx'"), r.err().get(0));
    assertEquals("", r.out());
  }

  @Test
  void unknownConfigKeyIsAUsageError() throws Exception {
    Run r = launch("ingest", "--input", TestSpark.data("arxiv-api-csv"), "--format", "csv",
        "--mapping", "arxiv-api-csv", "--set", "papertrends.ingest.max-rejects=3");
    assertEquals(2, r.code());
    assertEquals(1, r.err().size(), r.err().toString());
    assertTrue(r.err().get(0).startsWith("papertrends: ") && r.err().get(0)
        .contains("max-rejects"), r.err().get(0));
  }
}
