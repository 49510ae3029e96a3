package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import papertrends.io.Warehouse;
import papertrends.publish.ReportFixture.PaperRow;
import papertrends.runs.Reports;
import papertrends.testing.TestSpark;

/** The report of a designed warehouse: facts, cards, charts, terms, newest papers, escaping. */
@Tag("pipeline")
class ReportTest {
  static final int K = 6;
  static final int PERIODS = 24;
  static final int PAPERS = 240;

  static Warehouse warehouse;
  static ReportFixture fixture;
  static Report.Result latest;
  static String html;
  static XmlPage page;
  static XmlPage oldPage;

  @BeforeAll
  static void writeReports() throws Exception {
    fixture = ReportFixture.shared();
    warehouse = ReportFixture.sharedWarehouse();
    // the old run's report with limits from the config: three terms per card
    Report.Result old = Reports.write(warehouse, ReportFixture.OLD_RUN, Report.Limits.of(
        papertrends.config.Settings.load(null, List.of("publish.report-limits.top-terms=3"))
            .publish()));
    oldPage = new XmlPage(Files.readString(TestSpark.local(old.file()), StandardCharsets.UTF_8));
    latest = Reports.write(warehouse, null, Report.Limits.defaults());
    html = Files.readString(TestSpark.local(latest.file()), StandardCharsets.UTF_8);
    page = new XmlPage(html);
  }

  @Test
  void theLatestSucceededRunIsReportedWithItsFacts() {
    assertEquals(warehouse.path("report", "index.html"), latest.file());
    assertEquals(ReportFixture.NEW_RUN, latest.runId());
    assertEquals(ReportFixture.NEW_RUN, page.one("/html").getAttribute("data-run"));
    assertEquals(ReportFixture.NEW_RUN, fact(page, "run-id"));
    assertEquals(String.valueOf(K), fact(page, "k"));
    assertEquals("0.141", fact(page, "mean-npmi"));
    assertEquals(PAPERS + " papers", fact(page, "docs"));
    PaperRow first = fixture.papers.stream().min(Comparator.comparing(PaperRow::date)).get();
    PaperRow last = fixture.papers.stream().max(Comparator.comparing(PaperRow::date)).get();
    assertEquals(first.date() + " – " + last.date(), fact(page, "date-range"));
    assertEquals(PERIODS + " × month", fact(page, "periods"));
    assertEquals("2026-01-10 06:00:00Z → 2026-01-10 06:07:00Z", fact(page, "ran"));
    assertTrue(fact(page, "input-versions").startsWith("papers v" + fixture.papersVersion));
  }

  @Test
  void anOlderRunCanBeReported() {
    assertEquals(ReportFixture.OLD_RUN, fact(oldPage, "run-id"));
    assertEquals("0.123", fact(oldPage, "mean-npmi"));
    // In the old run topic 2 was the hot one: its card comes first.
    Element firstCard = oldPage.all("//article[@data-topic]").get(0);
    assertEquals("2", firstCard.getAttribute("data-topic"));
    assertEquals("hot", firstCard.getAttribute("data-trend"));
  }

  @Test
  void theConfiguredLimitsShapeTheReport() {
    List<Element> cards = oldPage.all("//article[@data-topic]");
    assertEquals(K, cards.size());
    for (Element card : cards) {
      int t = Integer.parseInt(card.getAttribute("data-topic"));
      assertEquals(List.of(fixture.term(t, 0), fixture.term(t, 1), fixture.term(t, 2)),
          XmlPage.children(card, ".//ol[@class='terms']/li/span[@class='t']").stream()
              .map(e -> e.getAttribute("title")).toList());
    }
    papertrends.config.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(
        papertrends.config.UsageException.class, () -> papertrends.config.Settings.load(null,
            List.of("publish.report-limits.newest-papers=0")));
    assertEquals("papertrends.publish.report-limits.newest-papers must be at least 1, got 0",
        e.getMessage());
  }

  @Test
  void everyTopicHasOneCardWithItsTermsInRankOrder() {
    List<Element> cards = page.all("//article[@data-topic]");
    assertEquals(K, cards.size());
    for (Element card : cards) {
      int t = Integer.parseInt(card.getAttribute("data-topic"));
      assertEquals(String.valueOf(100 + t), card.getAttribute("data-stable-topic"));
      assertEquals(fixture.labels.get(t), XmlPage.children(card, ".//h3").get(0)
          .getAttribute("title"));
      List<String> terms = XmlPage.children(card, ".//ol[@class='terms']/li/span[@class='t']")
          .stream().map(e -> e.getAttribute("title")).toList();
      List<String> expected = new ArrayList<>();
      for (int r = 0; r < 8; r++) {
        expected.add(fixture.term(t, r));
      }
      assertEquals(expected, terms, "terms of topic " + t);
      assertEquals(1, XmlPage.children(card, ".//svg[@data-chart='sparkline']//path").size());
    }
  }

  @Test
  void representativePapersAreTheThreeOfHighestWeight() {
    for (Element card : page.all("//article[@data-topic]")) {
      int t = Integer.parseInt(card.getAttribute("data-topic"));
      List<String> expected = fixture.papers.stream().filter(p -> p.weights()[t] >= 0.1)
          .sorted(Comparator.comparingDouble((PaperRow p) -> -p.weights()[t])
              .thenComparing(PaperRow::id))
          .limit(3).map(PaperRow::id).toList();
      List<String> shown = XmlPage.children(card, ".//ol[@class='papers']/li").stream()
          .map(e -> e.getAttribute("data-paper")).toList();
      assertEquals(expected, shown, "papers of topic " + t);
    }
    // The paper of weight 0.99 heads topic 0, with its title shown as text.
    Element top = page.one("//article[@data-topic='0']//ol[@class='papers']/li[1]");
    assertEquals(ReportFixture.SCRIPT_TITLE,
        XmlPage.children(top, "span[@class='title']").get(0).getTextContent());
  }

  @Test
  void hotTopicsComeFirstAndAreDrawnThick() {
    List<Element> cards = page.all("//article[@data-topic]");
    assertEquals("0", cards.get(0).getAttribute("data-topic"));
    assertEquals("hot", cards.get(0).getAttribute("data-trend"));
    assertEquals("cold", page.one("//article[@data-topic='1']").getAttribute("data-trend"));
    List<Element> hotSeries = page.all("//svg[@data-chart='topic-shares']"
        + "//g[contains(concat(' ', @class, ' '), ' hot ')]");
    assertEquals(List.of("topic-0"), hotSeries.stream().map(e -> e.getAttribute("data-series"))
        .toList());
    assertEquals(1, page.all("//ul[@class='legend']/li[@class='hot']").size());
  }

  @Test
  void theSharesChartHasOneLinePerTopicWithOnePointPerPeriod() {
    Element chart = page.one("//svg[@data-chart='topic-shares']");
    List<Element> series = XmlPage.children(chart, ".//g[@data-series]");
    assertEquals(K, series.size());
    assertEquals(String.valueOf(K), chart.getAttribute("data-series-expected"));
    for (Element s : series) {
      String d = XmlPage.children(s, "path").get(0).getAttribute("d");
      assertEquals(PERIODS, d.split("[ML]").length - 1, "points of " + s.getAttribute("data-series"));
    }
  }

  @Test
  void risingTermsAreThoseOfTheLatestPeriodsStrongestFirst() {
    List<String> bars = page.texts("//svg[@data-chart='rising-terms']//g[@data-series]/text[1]");
    assertEquals(List.of(ReportFixture.RISING), bars);
    for (String early : ReportFixture.EARLY_RISING) {
      assertFalse(bars.contains(early), early + " rose only in an early period");
    }
  }

  @Test
  void newTermsAreFirstSeenInTheLatestPeriodsMostPapersFirst() {
    // Term j appears from period P-1-(j % 3) on with 10 - 2j papers per period.
    Map<String, Long> total = new LinkedHashMap<>();
    for (int j = 0; j < fixture.newTerms.size(); j++) {
      total.put(fixture.newTerms.get(j), (long) (1 + j % 3) * (10 - 2 * j));
    }
    List<String> expected = total.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(Map.Entry::getKey).toList();
    List<Element> items = page.all("//section[@id='new-terms']//li[@data-term]");
    assertEquals(expected, items.stream().map(e -> e.getAttribute("data-term")).toList());
    assertEquals(expected.stream().map(t -> String.valueOf(total.get(t))).toList(),
        items.stream().map(e -> XmlPage.children(e, "small").get(0).getTextContent()).toList());
  }

  @Test
  void newestPapersAreTheLatestSnapshotInRankOrder() {
    List<Element> rows = page.all("//section[@id='newest']//tbody/tr");
    List<String> expected = fixture.latestSnapshot.subList(0, 20).stream()
        .map(i -> fixture.papers.get(i).id()).toList();
    assertEquals(expected, rows.stream().map(e -> e.getAttribute("data-paper")).toList());
    for (int r = 0; r < rows.size(); r++) {
      PaperRow p = fixture.papers.get(fixture.latestSnapshot.get(r));
      List<Element> cells = XmlPage.children(rows.get(r), "td");
      assertEquals(String.valueOf(r + 1), cells.get(0).getTextContent());
      assertEquals(p.title(), cells.get(1).getTextContent());
      assertEquals(fixture.labels.get(p.dominant()), cells.get(3).getTextContent());
    }
  }

  @Test
  void untrustedTextStaysText() {
    // Only the report's own two scripts; no element or handler came from the data.
    assertEquals(2, page.all("//script").size());
    assertEquals(0, page.all("//img").size());
    assertEquals(0, page.all("//*[@onerror or @onmouseover or @onload]").size());
    assertFalse(html.contains("<script>alert(1)"));
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertEquals(ReportFixture.PWN_TITLE,
        page.one("//section[@id='newest']//tr[2]/td[2]").getTextContent());
    // The label that tries to leave its attribute is one attribute value and one text.
    Element h3 = page.one("//article[@data-topic='2']//h3");
    assertEquals(ReportFixture.ATTR_LABEL, h3.getAttribute("title"));
    assertEquals(ReportFixture.ATTR_LABEL, h3.getTextContent());
    assertTrue(page.all("//ol[@class='terms']//span[@class='t']").stream()
        .anyMatch(e -> e.getAttribute("title").equals(ReportFixture.IMG_TERM)));
  }

  @Test
  void nothingIsLoadedFromTheNetwork() {
    assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"(https?:)?//.*"));
    assertEquals(0, page.all("//link | //*[@src] | //iframe").size());
  }

  @Test
  void aBrowserDrawsEveryChartAndCardAndRunsNoInjectedCode() throws Exception {
    BrowserCheck.Result b = BrowserCheck.run(TestSpark.local(latest.file()), "fixture", K);
    assertEquals("true", b.attr("html", "data-render-ok"));
    assertEquals(K, b.count("<article [^>]*data-topic=\"\\d+\""));
    assertEquals(String.valueOf(K),
        b.attr("svg [^>]*data-chart=\"topic-shares\"", "data-series-rendered"));
    assertEquals(String.valueOf(ReportFixture.RISING.length),
        b.attr("svg [^>]*data-chart=\"rising-terms\"", "data-series-rendered"));
    assertEquals(K, b.count("data-chart=\"sparkline\"[^>]*data-series-rendered=\"1\""));
    assertEquals(String.valueOf(K), b.attr("html", "data-cards-shown"));
    assertEquals(0, b.count("data-pwned="));
    assertEquals(0, b.count("<img"));
    assertTrue(b.dom().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(Files.size(b.dir().resolve("screenshot.png")) > 10_000);
  }

  @Test
  void theBrowserCheckFailsOnAScriptErrorAndOnAMissingSeries() throws Exception {
    Path broken = Files.createDirectories(TestSpark.projectDir()
        .resolve("target/report-check/broken-input")).resolve("index.html");
    Files.writeString(broken, html.replace("</body>",
        "<script>undefinedFunction();</script></body>"), StandardCharsets.UTF_8);
    String out = BrowserCheck.runFailing(broken, "broken-script", K);
    assertTrue(out.contains("undefinedFunction is not defined"), out);
    // A chart that declares one series more than it draws.
    Files.writeString(broken, html.replace("data-chart=\"rising-terms\" data-series-expected=\""
        + ReportFixture.RISING.length, "data-chart=\"rising-terms\" data-series-expected=\""
        + (ReportFixture.RISING.length + 1)), StandardCharsets.UTF_8);
    out = BrowserCheck.runFailing(broken, "missing-series", K);
    assertTrue(out.contains("chart rising-terms rendered 6 series, expected 7"), out);
  }

  private static String fact(XmlPage p, String key) {
    return p.one("//*[@data-fact='" + key + "']/dd").getTextContent();
  }
}
