package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import papertrends.io.Catalog;
import papertrends.io.Warehouse;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/**
 * Every notebook in notebooks/ is nbformat 4 with only Markdown and %%sql cells, and every SQL
 * cell returns rows against a warehouse with two succeeded runs, its tables and latest_* views
 * registered by name as `jobs/papertrends sql` registers them.
 */
class NotebooksTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Warehouse warehouse;
  static List<String> registered;

  /** One %%sql cell. */
  record SqlCell(String notebook, int index, String sql) {}

  @BeforeAll
  static void registerWarehouse() {
    warehouse = ReportFixture.sharedWarehouse();
    registered = papertrends.runs.RunHistory.registerViews(warehouse);
  }

  static List<Path> notebooks() throws Exception {
    try (Stream<Path> s = Files.list(TestSpark.projectDir().resolve("notebooks"))) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  static List<SqlCell> sqlCells() throws Exception {
    List<SqlCell> out = new ArrayList<>();
    for (Path nb : notebooks()) {
      JsonNode cells = JSON.readTree(nb.toFile()).get("cells");
      for (int i = 0; i < cells.size(); i++) {
        JsonNode c = cells.get(i);
        if (c.get("cell_type").asText().equals("code")) {
          String src = source(c);
          out.add(new SqlCell(nb.getFileName().toString(), i,
              src.substring(src.indexOf('\n') + 1)));
        }
      }
    }
    return out;
  }

  static String source(JsonNode cell) {
    JsonNode s = cell.get("source");
    if (s.isTextual()) {
      return s.asText();
    }
    StringBuilder b = new StringBuilder();
    s.forEach(line -> b.append(line.asText()));
    return b.toString();
  }

  @Test
  void notebooksAreNbformat4WithOnlyMarkdownAndSqlCells() throws Exception {
    List<Path> nbs = notebooks();
    assertTrue(nbs.size() >= 3, "the three analyst notebooks: " + nbs);
    for (Path nb : nbs) {
      JsonNode root = JSON.readTree(nb.toFile());
      assertEquals(4, root.get("nbformat").asInt(), nb + " nbformat");
      int sql = 0;
      for (JsonNode c : root.get("cells")) {
        String type = c.get("cell_type").asText();
        assertTrue(type.equals("markdown") || type.equals("code"), nb + ": cell type " + type);
        if (type.equals("code")) {
          assertTrue(source(c).startsWith("%%sql\n"), nb + ": a code cell that is not %%sql");
          assertEquals(0, c.get("outputs").size(), nb + ": stored outputs");
          sql++;
        }
      }
      assertTrue(sql >= 4, nb + " has " + sql + " SQL cells");
    }
  }

  @TestFactory
  Stream<DynamicTest> everySqlCellReturnsRowsOnTheCsvPipelineWarehouse() throws Exception {
    List<SqlCell> cells = sqlCells();
    assertFalse(cells.isEmpty());
    return cells.stream().map(c -> DynamicTest.dynamicTest(c.notebook() + " cell " + c.index(),
        () -> {
          List<String> names = papertrends.runs.RunHistory.registerViews(SharedWarehouse.get().warehouse());
          try {
            List<Row> rows = TestSpark.session().sql(c.sql()).limit(5).collectAsList();
            assertFalse(rows.isEmpty(), c.notebook() + " cell " + c.index()
                + " returned no rows on the CSV pipeline (registered: " + names + "):\n"
                + c.sql());
          } finally {
            papertrends.runs.RunHistory.registerViews(warehouse);
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> everySqlCellReturnsRowsOnTwoRuns() throws Exception {
    List<SqlCell> cells = sqlCells();
    assertFalse(cells.isEmpty());
    return cells.stream().map(c -> DynamicTest.dynamicTest(c.notebook() + " cell " + c.index(),
        () -> {
          List<Row> rows = TestSpark.session().sql(c.sql()).limit(5).collectAsList();
          assertFalse(rows.isEmpty(), c.notebook() + " cell " + c.index()
              + " returned no rows (tables registered: " + registered + "):\n" + c.sql());
        }));
  }

  @Test
  void theCompareNotebookSeesBothRuns() throws Exception {
    SqlCell pair = sqlCells().stream()
        .filter(c -> c.notebook().startsWith("03") && c.sql().contains("WHERE r.n <= 2\nORDER"))
        .findFirst().orElseThrow();
    List<String> runs = TestSpark.session().sql(pair.sql()).collectAsList().stream()
        .map(r -> r.<String>getAs("run_id")).toList();
    assertEquals(List.of(ReportFixture.NEW_RUN, ReportFixture.OLD_RUN), runs);
  }
}
