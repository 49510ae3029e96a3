package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.runs.PipelineJob;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/**
 * Every notebook in notebooks/ runs top to bottom in Jupyter's python3 kernel (Debian's
 * /usr/bin/python3 with pandas, matplotlib, nbclient) on the published CSV exports of the CSV-set
 * pipeline warehouse after a second, refitted run, and each chart cell shows a drawn chart.
 */
@Tag("pipeline")
class NotebooksTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PYTHON = "/usr/bin/python3";

  @TempDir
  static Path tmp;
  static Path warehouse;
  static String firstRun;
  static String secondRun;

  /** A copy of the shared CSV-set warehouse with a second run (refit, another seed) on top. */
  @BeforeAll
  static void twoRuns() throws IOException {
    SharedWarehouse.Fixture shared = SharedWarehouse.get();
    firstRun = shared.runId();
    warehouse = tmp.resolve("wh");
    copyTree(shared.root(), warehouse);
    String[] sets = Stream.concat(Stream.of(SharedWarehouse.SETTINGS),
        Stream.of("topics.seed=7")).toArray(String[]::new);
    Settings settings = TestSpark.settings(warehouse, sets);
    IngestJob ingest = new IngestJob(TestSpark.session(), settings, List.of(
        new IngestJob.Input(TestSpark.data("arxiv-api-csv"), "csv", "arxiv-api-csv")),
        LocalDate.of(2026, 11, 26), false);
    secondRun = new PipelineJob(TestSpark.session(), settings)
        .run(ingest, new PipelineJob.Options(true, true)).outcome().orElseThrow().runId();
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }

  static List<Path> notebooks() throws IOException {
    try (Stream<Path> s = Files.list(TestSpark.projectDir().resolve("notebooks"))) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  static String text(JsonNode lines) {
    if (lines.isTextual()) {
      return lines.asText();
    }
    StringBuilder b = new StringBuilder();
    lines.forEach(l -> b.append(l.asText()));
    return b.toString();
  }

  /** Standard output text of the notebook's executed code cells. */
  static String stdout(JsonNode nb) {
    StringBuilder b = new StringBuilder();
    for (JsonNode c : nb.get("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.path("name").asText().equals("stdout")) {
          b.append(text(o.get("text")));
        }
      }
    }
    return b.toString();
  }

  static int images(JsonNode cell) {
    int n = 0;
    for (JsonNode o : cell.path("outputs")) {
      n += o.path("data").has("image/png") ? 1 : 0;
    }
    return n;
  }

  static boolean isChart(JsonNode cell) {
    for (JsonNode t : cell.path("metadata").path("tags")) {
      if (t.asText().equals("chart")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void exportsKeepEveryRunByRunIdAndTheLatestAtTheStablePath() throws IOException {
    for (String table : RunExports.RUN_TABLES) {
      Path dir = warehouse.resolve("exports").resolve(table);
      for (String run : List.of(firstRun, secondRun)) {
        Path csv = dir.resolve("run_id=" + run).resolve(table + ".csv");
        assertTrue(Files.isRegularFile(csv), csv + " kept");
        assertTrue(Files.isRegularFile(dir.resolve("run_id=" + run).resolve(table + ".parquet")));
      }
      assertEquals(-1L, Files.mismatch(dir.resolve(table + ".csv"),
          dir.resolve("run_id=" + secondRun).resolve(table + ".csv")),
          table + ": the stable path holds the latest run");
    }
    String runs = Files.readString(warehouse.resolve("exports/model_runs/model_runs.csv"));
    assertTrue(runs.contains(firstRun) && runs.contains(secondRun), runs);
    String topics = Files.readString(warehouse.resolve("exports/topics/run_id=" + firstRun
        + "/topics.csv"));
    assertTrue(topics.contains(firstRun) && !topics.contains(secondRun),
        "a run's folder holds only that run's rows");
  }

  @Test
  void notebooksUseThePython3KernelAndSayWhatTheyNeed() throws IOException {
    List<Path> nbs = notebooks();
    assertTrue(nbs.size() >= 3, "the three analyst notebooks: " + nbs);
    for (Path nb : nbs) {
      JsonNode root = JSON.readTree(nb.toFile());
      assertEquals(4, root.get("nbformat").asInt(), nb + " nbformat");
      assertEquals("python3", root.at("/metadata/kernelspec/name").asText(), nb + " kernel");
      JsonNode first = root.get("cells").get(0);
      assertEquals("markdown", first.get("cell_type").asText());
      assertTrue(text(first.get("source")).contains("PAPERTRENDS_WAREHOUSE"),
          nb + ": the first cell says how to point it at another warehouse");
      int charts = 0;
      for (JsonNode c : root.get("cells")) {
        if (isChart(c)) {
          charts++;
          assertTrue(images(c) > 0, nb + ": a committed chart cell carries no chart output");
        }
      }
      assertTrue(charts >= 3, nb + " has " + charts + " chart cells");
    }
  }

  /** Runs execute.py on the notebooks against a warehouse; its output, after exit 0. */
  static String execute(Path wh, Path out, boolean chartCheck) throws Exception {
    Path script = TestSpark.projectDir().resolve("src/test/resources/notebooks/execute.py");
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
    if (!chartCheck) {
      cmd.add("--no-chart-check");
    }
    cmd.add(out.toString());
    notebooks().forEach(p -> cmd.add(p.toString()));
    Path log = Files.createTempFile(tmp, "execute", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("PAPERTRENDS_WAREHOUSE", wh.toString());
    pb.environment().put("MPLBACKEND", "agg");
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Process p = pb.start();
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "notebooks still running after 15 minutes");
    String said = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "notebook execution failed:\n" + said);
    return said;
  }

  /**
   * A warehouse of one run (the shared CSV-set run, before the second): every notebook runs
   * without a cell error, and the comparison says in one line that there is nothing to compare
   * yet instead of failing.
   */
  @Test
  void withOneRunTheNotebooksRunAndTheComparisonSaysThereIsNothingToCompareYet()
      throws Exception {
    Path out = Files.createDirectories(tmp.resolve("one-run"));
    execute(SharedWarehouse.get().root(), out, false);
    for (Path nb : notebooks()) {
      JsonNode done = JSON.readTree(out.resolve(nb.getFileName().toString()).toFile());
      for (JsonNode c : done.get("cells")) {
        for (JsonNode o : c.path("outputs")) {
          assertFalse(o.path("output_type").asText().equals("error"), nb + ": " + o);
        }
      }
    }
    String compare = stdout(JSON.readTree(out.resolve("03-compare-runs.ipynb").toFile()));
    assertTrue(compare.contains("nothing to compare yet: 1 succeeded regular run(s)"), compare);
    assertFalse(compare.contains("older:"), compare);
  }

  @Test
  void everyNotebookRunsInJupyterWithItsChartsOnTheCsvSetExports() throws Exception {
    // the executed notebooks stay in target/notebooks for a look at what the kernel drew
    Path out = Files.createDirectories(TestSpark.projectDir().resolve("target/notebooks"));
    execute(warehouse, out, true);

    for (Path nb : notebooks()) {
      JsonNode done = JSON.readTree(out.resolve(nb.getFileName().toString()).toFile());
      for (JsonNode c : done.get("cells")) {
        for (JsonNode o : c.path("outputs")) {
          assertFalse(o.path("output_type").asText().equals("error"), nb + ": " + o);
        }
        if (isChart(c)) {
          assertTrue(images(c) > 0, nb + ": chart cell without a chart: " + text(c.get("source")));
        }
      }
    }
    JsonNode trends = JSON.readTree(out.resolve("01-topic-trends.ipynb").toFile());
    assertTrue(stdout(trends).contains("run " + secondRun + " "),
        "the trends notebook reads the latest run " + secondRun + ":\n" + stdout(trends));
    JsonNode compare = JSON.readTree(out.resolve("03-compare-runs.ipynb").toFile());
    assertTrue(stdout(compare).contains("older: " + firstRun + "  newer: " + secondRun),
        "the compare notebook compares the two runs:\n" + stdout(compare));
  }
}
