package papertrends.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * The HTML report of a run, {@code <warehouse>/report/index.html}: one self-contained file (inline
 * SVG drawn here, inline CSS and a small script, nothing loaded from the network). Spark reduces
 * the run's tables to a few thousand rows; the page is written from those.
 */
public final class Report {
  private Report() {}

  /**
   * How much the report shows, so it stays fast at 100 topics and 1,000 periods.
   *
   * @param seriesPoints points per line of the shares chart (periods are averaged into buckets)
   * @param sparkPoints points per sparkline
   * @param chartSeries lines in the shares chart (hot topics first, then the largest)
   * @param topTerms terms per topic card
   * @param papersPerTopic representative papers per card
   * @param risingTerms bars of the rising-terms chart
   * @param newTerms new terms listed
   * @param latestPeriods periods that count as "latest" for rising and new terms
   * @param newestPapers newest papers listed
   * @param expandedCards cards shown before "show all topics"
   */
  public record Limits(int seriesPoints, int sparkPoints, int chartSeries, int topTerms,
      int papersPerTopic, int risingTerms, int newTerms, int latestPeriods, int newestPapers,
      int expandedCards) {
    /** The defaults of the published report (reference.conf's publish.report-limits). */
    public static Limits defaults() {
      return of(papertrends.config.Settings.load(null, List.of()).publish());
    }

    /** The limits of the config (publish.report-limits). */
    public static Limits of(papertrends.config.PublishSettings p) {
      int[] l = p.reportLimits();
      return new Limits(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9]);
    }
  }

  /**
   * The run a report is about, as runs/ hands it over: its model_runs values, and the papers and
   * paper_sightings at the Delta versions it read.
   */
  public record Run(String runId, String status, String mode, java.sql.Timestamp startedAt,
      java.sql.Timestamp finishedAt, Long docs, Integer k, String optimizer, Long seed,
      Double meanNpmi, Double logPerplexity, Integer vocabSize, Long papersVersion,
      String inputVersions, String codeVersion, org.apache.spark.sql.Dataset<
          org.apache.spark.sql.Row> papers,
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> sightings) {}

  /** What was written: the file, its size, the run and how many topics and periods it shows. */
  public record Result(String file, long bytes, String runId, int topics, int periods) {}

  /** Writes the report of a run (publish calls it once the run is marked succeeded). */
  public static Result write(Warehouse warehouse, Run run, Limits limits) {
    return write(warehouse, build(warehouse, run, limits), limits);
  }

  /** Renders a collected model and writes it as the warehouse's report. */
  public static Result write(Warehouse warehouse, ReportModel model, Limits limits) {
    String html = ReportHtml.render(model, limits, Instant.now());
    String file = warehouse.reportDir() + "/index.html";
    try {
      // A reader never sees half a report: the new file replaces the old one whole.
      warehouse.storage().writeString(file, html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(),
          e);
    }
    Result r = new Result(file, html.getBytes(StandardCharsets.UTF_8).length,
        model.facts().runId(), model.topics().size(), model.facts().periods());
    Progress.info("publish", "report " + file + " (" + r.bytes() / 1024 + " KiB, "
        + r.topics() + " topics, " + r.periods() + " periods)");
    return r;
  }

  /** Collects the content of a run's report. */
  public static ReportModel build(Warehouse w, Run run, Limits limits) {
    return ReportBuilder.build(w, run, limits);
  }
}
