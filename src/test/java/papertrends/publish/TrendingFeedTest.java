package papertrends.publish;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.PipelineJob;
import papertrends.testing.TestSpark;

/**
 * Two daily snapshots of the bundled trending page through the pipeline with the default
 * granularity (auto): the 26 November snapshot lacks papers 5-7 of the page, the 27 November
 * one lacks papers 10-11 and lists papers 1 and 2 the other way round. Two daily periods,
 * the entered, left and moved papers in trending_changes and in the report, no clipped label.
 */
@Tag("pipeline")
class TrendingFeedTest {
  @TempDir
  static Path dir;
  static Warehouse warehouse;
  static String runId;
  /** The page's papers (title, abstract) in page order. */
  static List<String[]> page;

  @BeforeAll
  static void twoSnapshots() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(TestSpark.data("trending-papers-page.txt")),
        StandardCharsets.UTF_8);
    page = new ArrayList<>();
    for (int i = 2; i + 1 < lines.size(); i += 2) {
      String title = i == 2 ? lines.get(i).substring("Subscribe".length()) : lines.get(i);
      page.add(new String[] {title, lines.get(i + 1)});
    }
    Path landing = Files.createDirectories(dir.resolve("landing"));
    write(landing.resolve("trending-2026-11-26.txt"), lines, without(Set.of(5, 6, 7)));
    List<String[]> second = without(Set.of(10, 11));
    String[] one = second.get(1);
    second.set(1, second.get(2));
    second.set(2, one);
    write(landing.resolve("trending-2026-11-27.txt"), lines, second);

    Settings settings = TestSpark.settings(dir.resolve("wh"), "topics.k=5",
        "topics.max-iterations=5");
    warehouse = new Warehouse(TestSpark.session(), settings);
    IngestJob ingest = new IngestJob(TestSpark.session(), settings, List.of(
        new IngestJob.Input(landing.toString(), "trending-page", null)), null, false);
    runId = new PipelineJob(TestSpark.session(), settings)
        .run(ingest, new PipelineJob.Options(false, false)).outcome().orElseThrow().runId();
  }

  static List<String[]> without(Set<Integer> dropped) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      if (!dropped.contains(i)) {
        out.add(page.get(i));
      }
    }
    return out;
  }

  static void write(Path file, List<String> lines, List<String[]> papers) throws Exception {
    StringBuilder b = new StringBuilder(lines.get(0) + "\n" + lines.get(1) + "\nSubscribe");
    for (String[] p : papers) {
      b.append(p[0]).append('\n').append(p[1]).append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  static Set<String> ids(String change) {
    return warehouse.read(Tables.TRENDING_CHANGES).where(col("run_id").equalTo(runId)
            .and(col("change").equalTo(change))).select("paper_id").collectAsList()
        .stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  /** Paper ids sighted on a day, by rank. */
  static List<String> sighted(String day) {
    return warehouse.read(Tables.PAPER_SIGHTINGS).where(col("snapshot_date")
            .equalTo(Date.valueOf(day))).orderBy("rank").select("paper_id").collectAsList()
        .stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void autoGivesTwoDailyPeriods() {
    List<Row> periods = warehouse.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(runId)
        .and(col("group_key").isNull())).select("period_start", "granularity").distinct()
        .orderBy("period_start").collectAsList();
    assertEquals(List.of(Date.valueOf("2026-11-26"), Date.valueOf("2026-11-27")),
        periods.stream().map(r -> r.getDate(0)).toList());
    assertEquals("day", periods.get(0).getString(1));
  }

  @Test
  void enteredLeftAndMovedPapersAreTheOnesChanged() {
    List<String> before = sighted("2026-11-26");
    List<String> now = sighted("2026-11-27");
    // day 26 lacks page papers 5-7: its ranks 1-5 are page papers 0-4; day 27 lacks 10-11
    assertEquals(Set.of(now.get(5), now.get(6), now.get(7)), ids("entered"));
    assertEquals(Set.of(before.get(7), before.get(8)), ids("left"), "page papers 10 and 11");
    assertEquals(before.get(1), now.get(2), "page paper 1: rank 2, then 3");
    assertTrue(ids("down").contains(before.get(1)));
    assertTrue(ids("up").contains(before.get(2)), "page paper 2: rank 3, then 2");
    assertEquals(warehouse.read(Tables.PAPERS).count(), warehouse.read(Tables.TRENDING_CHANGES)
        .where(col("run_id").equalTo(runId)).count(), "every paper on either list once");
  }

  @Test
  void theReportListsTheChangesAndClipsNoLabel() throws Exception {
    Path report = TestSpark.local(warehouse.path("report", "index.html"));
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertTrue(html.contains("data-section=\"trending-changes\""), "the trending section");
    String entered = html.substring(html.indexOf("data-changes=\"entered\""),
        html.indexOf("</table>", html.indexOf("data-changes=\"entered\"")));
    for (String id : ids("entered")) {
      assertTrue(entered.contains("data-paper=\"" + id + "\""), "entered: " + id);
    }
    assertEquals(3, entered.split("<tr data-paper=").length - 1);
    assertTrue(html.contains("data-chart=\"trending-topics\""));
    assertFalse(html.contains("One period only"), "two periods to compare");
    BrowserCheck.Result b = BrowserCheck.run(report, "trending-feed", 5);
    assertEquals("true", b.attr("html", "data-render-ok"));
    assertEquals(0, b.count("data-labels-clipped=\"[1-9]"), "no chart cuts a label");
  }
}
