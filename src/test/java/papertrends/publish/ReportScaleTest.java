package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import papertrends.io.Warehouse;
import papertrends.publish.ReportModel.Point;
import papertrends.publish.ReportModel.Series;
import papertrends.testing.TestSpark;

/** 100 topics over 1,000 daily periods: the report stays small, every topic still has a card. */
@Tag("pipeline")
class ReportScaleTest {
  static final int K = 100;
  static final int PERIODS = 1000;

  @TempDir
  static Path dir;
  static ReportFixture fixture;
  static ReportModel model;
  static Report.Result result;
  static XmlPage page;

  @BeforeAll
  static void writeLargeReport() throws Exception {
    Warehouse w = new Warehouse(TestSpark.session(), TestSpark.settings(dir.resolve("wh")));
    fixture = ReportFixture.write(w, K, PERIODS, "day", 1000, false, false);
    model = papertrends.runs.Reports.build(w, null, Report.Limits.defaults());
    result = Report.write(w, model, Report.Limits.defaults());
    page = new XmlPage(Files.readString(TestSpark.local(result.file()), StandardCharsets.UTF_8));
    System.err.printf("report of %d topics x %d periods: %d bytes%n", K, PERIODS,
        result.bytes());
  }

  @Test
  void theReportStaysSmall() {
    assertEquals(K, result.topics());
    assertEquals(PERIODS, result.periods());
    assertTrue(result.bytes() < 1_000_000, result.bytes() + " bytes");
  }

  @Test
  void linesAreAveragedIntoAtMost240PointsAndTenSeries() {
    Element chart = page.one("//svg[@data-chart='topic-shares']");
    List<Element> series = XmlPage.children(chart, ".//g[@data-series]");
    assertEquals(10, series.size());
    for (Element s : series) {
      String d = XmlPage.children(s, "path").get(0).getAttribute("d");
      assertEquals(240, d.split("[ML]").length - 1);
    }
    assertEquals("topic-0", series.get(series.size() - 1).getAttribute("data-series"),
        "the hot topic is drawn last, on top");
    for (Element spark : page.all("//svg[@data-chart='sparkline']//path")) {
      assertEquals(60, spark.getAttribute("d").split("[ML]").length - 1);
    }
  }

  @Test
  void aBucketIsTheDocumentWeightedShareOfItsPeriods() {
    // 1,000 periods into 240 buckets: bucket 0 holds periods 0..4; share = Σ w·docs / Σ docs.
    Series hot = model.shareSeries().stream().filter(s -> s.topicId() == 0).findFirst()
        .orElseThrow();
    assertEquals(240, hot.points().size());
    double num = 0;
    double den = 0;
    for (int p = 0; p <= 4; p++) {
      double docs = 20 + p % 7;
      num += fixture.designedShare(ReportFixture.NEW_RUN, 0, p) * docs;
      den += docs;
    }
    Point first = hot.points().get(0);
    assertEquals(fixture.periodStart(0), first.start());
    assertEquals(num / den, first.share(), 1e-9);
    Point last = hot.points().get(hot.points().size() - 1);
    assertTrue(last.share() > 2 * first.share(), "the hot topic grows: " + first + " " + last);
  }

  @Test
  void everyTopicHasACardAndTheRestCollapseInTheBrowser() throws Exception {
    assertEquals(K, page.all("//article[@data-topic]").size());
    assertEquals(1, page.all("//button[@id='more-topics']").size());
    BrowserCheck.Result b = BrowserCheck.run(TestSpark.local(result.file()), "scale", K);
    assertEquals("true", b.attr("html", "data-render-ok"));
    assertEquals("24", b.attr("html", "data-cards-shown"));
    assertEquals(K, b.count("<article [^>]*data-topic=\"\\d+\""));
    assertEquals("10", b.attr("svg [^>]*data-chart=\"topic-shares\"", "data-series-rendered"));
    assertEquals(K, b.count("data-chart=\"sparkline\"[^>]*data-series-rendered=\"1\""));
  }
}
