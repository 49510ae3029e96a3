package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import papertrends.publish.ReportModel.Facts;
import papertrends.publish.ReportModel.NewestPapers;
import papertrends.publish.ReportModel.Point;
import papertrends.publish.ReportModel.Series;
import papertrends.publish.ReportModel.TopicCard;

/** The page and its charts from hand-made models (no Spark): edge cases of the drawing. */
class ReportHtmlTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  static TopicCard card(int id, String label, String trend, double share) {
    return new TopicCard(id, id, label, trend, false, share, null, share, 10, null, List.of(),
        List.of(new Point(DAY, share)), List.of());
  }

  @Test
  void aSinglePeriodIsDrawnAsBarsLargestFirst() throws Exception {
    List<TopicCard> cards = List.of(card(0, "agents", "hot", 0.2), card(1, "vision", "steady",
        0.5), card(2, "speech", "steady", 0.3));
    List<Series> series = cards.stream().map(c -> new Series(c.topicId(), c.label(), c.hot(),
        c.sparkline())).toList();
    Facts facts = new Facts("r1", "running", "refit", null, null, 238, DAY, DAY, 3, "online",
        42L, 0.1, null, null, 1L, null, null, "day", 1);
    ReportModel m = new ReportModel(facts, cards, series, List.of(), List.of(), null,
        new NewestPapers(null, List.of()));
    XmlPage page = new XmlPage(ReportHtml.render(m, Report.Limits.defaults(), Instant.EPOCH));
    List<Element> bars = page.all("//svg[@data-chart='topic-shares']//g[@data-series]");
    assertEquals(List.of("topic-1", "topic-2", "topic-0"),
        bars.stream().map(e -> e.getAttribute("data-series")).toList());
    assertEquals("hot", bars.get(2).getAttribute("class"));
    assertEquals(List.of("50.0%", "30.0%", "20.0%"),
        page.texts("//svg[@data-chart='topic-shares']//text[@class='val']"));
    // No rising terms: the chart is there, empty, declaring no series.
    Element rising = page.one("//svg[@data-chart='rising-terms']");
    assertEquals("0", rising.getAttribute("data-series-expected"));
    assertTrue(rising.getTextContent().contains("no rising terms"));
  }

  @Test
  void gridlinesAreRoundPercentages() {
    assertEquals(0.025, Svg.niceCeil(0.021), 1e-12);
    assertEquals(0.05, Svg.niceCeil(0.031), 1e-12);
    assertEquals(1.0, Svg.niceCeil(1.0), 1e-12);
    assertEquals("2.5%", Svg.percent(0.025));
    assertEquals("10%", Svg.percent(0.1));
    assertEquals("0.25%", Svg.percent(0.0025));
  }

  @Test
  void ticksFallOnCalendarBoundaries() {
    // 24 years: ticks every five years, on years divisible by five.
    assertEquals(List.of(LocalDate.of(2005, 1, 1), LocalDate.of(2010, 1, 1),
            LocalDate.of(2015, 1, 1), LocalDate.of(2020, 1, 1), LocalDate.of(2025, 1, 1)),
        Svg.ticks(LocalDate.of(2002, 4, 1), LocalDate.of(2026, 8, 1)));
    List<LocalDate> months = Svg.ticks(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 1));
    assertEquals(LocalDate.of(2024, 1, 1), months.get(0));
    assertTrue(months.size() <= 10 && months.size() >= 4, months.toString());
  }

  @Test
  void escapingCoversTextAndBothQuoteStyles() {
    assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", Html.esc("<script>alert(1)</script>"));
    assertEquals("a&quot; onx=&#39;y&#39; &amp; b", Html.esc("a\" onx='y' & b"));
    assertEquals("x y", Html.esc("x\u0000y"));
    assertEquals("abcd…", Html.escCut("abcdefgh", 5));
  }

  @Test
  void bucketsSplitPeriodsEvenlyAndDownsamplingAverages() {
    List<LocalDate> periods = java.util.stream.IntStream.range(0, 1000)
        .mapToObj(i -> DAY.plusDays(i)).toList();
    var rows = ReportBuilder.bucketsOf(periods, 240);
    assertEquals(0, rows.get(4).getInt(1));
    assertEquals(1, rows.get(5).getInt(1));
    assertEquals(239, rows.get(999).getInt(1));
    List<Point> pts = List.of(new Point(DAY, 1), new Point(DAY.plusDays(1), 3),
        new Point(DAY.plusDays(2), 5), new Point(DAY.plusDays(3), 7));
    assertEquals(List.of(new Point(DAY, 2), new Point(DAY.plusDays(2), 6)),
        ReportBuilder.downsample(pts, 2));
  }
}
