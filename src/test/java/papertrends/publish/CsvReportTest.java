package papertrends.publish;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.SharedWarehouse;
import papertrends.testing.TestSpark;

/** The report the pipeline wrote for the arXiv CSV set, checked in the file and in Chromium. */
@Tag("pipeline")
class CsvReportTest {
  static SharedWarehouse.Fixture fixture;
  static Warehouse warehouse;
  static Path report;
  static XmlPage page;

  @BeforeAll
  static void pipelineOnTheCsvSet() throws Exception {
    fixture = SharedWarehouse.get();
    warehouse = fixture.warehouse();
    report = TestSpark.local(warehouse.reportDir() + "/index.html");
    page = new XmlPage(Files.readString(report, StandardCharsets.UTF_8));
  }

  @Test
  void theReportShowsThePipelineRunWithACardPerTopic() {
    assertEquals(fixture.runId(), page.one("/html").getAttribute("data-run"));
    long topics = warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(fixture.runId()))
        .count();
    assertEquals(8, topics);
    assertEquals(topics, page.all("//article[@data-topic]").size());
    long docs = warehouse.read(Tables.DOC_TOPIC_WEIGHTS)
        .where(col("run_id").equalTo(fixture.runId())).count();
    assertEquals(docs + " papers", page.one("//*[@data-fact='docs']/dd").getTextContent());
    assertTrue(page.one("//*[@data-fact='date-range']/dd").getTextContent().startsWith("2002"));
    assertEquals("8", page.one("//svg[@data-chart='topic-shares']")
        .getAttribute("data-series-expected"));
  }

  @Test
  void aBrowserDrawsItWithoutErrors() throws Exception {
    BrowserCheck.Result b = BrowserCheck.run(report, "csv", 8);
    assertEquals("true", b.attr("html", "data-render-ok"));
    assertEquals("8", b.attr("svg [^>]*data-chart=\"topic-shares\"", "data-series-rendered"));
  }
}
