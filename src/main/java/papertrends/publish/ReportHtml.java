package papertrends.publish;

import static papertrends.publish.Html.esc;
import static papertrends.publish.Html.escCut;
import static papertrends.publish.Html.num;
import static papertrends.publish.Html.pct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import papertrends.publish.ReportModel.Facts;
import papertrends.publish.ReportModel.NewTerm;
import papertrends.publish.ReportModel.NewestPaper;
import papertrends.publish.ReportModel.Paper;
import papertrends.publish.ReportModel.Series;
import papertrends.publish.ReportModel.Term;
import papertrends.publish.ReportModel.TopicCard;

/**
 * Renders the report model as one HTML page. Every untrusted string goes through
 * {@link Html#esc}; no data is placed inside the script, so the page is also well-formed XML.
 */
public final class ReportHtml {
  private ReportHtml() {}

  private static final String CSS = resource("report.css");
  private static final String JS = resource("report.js");

  /** Captures script errors from the first moment, for the browser check. */
  private static final String ERROR_HOOK = "window.__reportErrors = [];"
      + " window.addEventListener('error', function (e) {"
      + " window.__reportErrors.push(String(e.message));"
      + " document.documentElement.setAttribute('data-render-error', String(e.message)); });";

  /** The page of a report model. */
  public static String render(ReportModel m, Report.Limits limits, Instant generatedAt) {
    Facts f = m.facts();
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\" data-report=\"papertrends\" data-run=\"")
        .append(esc(f.runId())).append("\" data-expanded-cards=\"")
        .append(limits.expandedCards()).append("\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>PaperTrends · run ").append(esc(f.runId())).append("</title>\n")
        .append("<style>/*<![CDATA[*/\n").append(CSS).append("/*]]>*/</style>\n")
        .append("<script>/*<![CDATA[*/").append(ERROR_HOOK).append("/*]]>*/</script>\n")
        .append("</head>\n<body>\n");
    b.append("<header class=\"top\"><div class=\"in\"><h1>PaperTrends</h1><span class=\"sub\">")
        .append("Topic trends of run ").append(esc(f.runId())).append(" · ")
        .append(f.docs()).append(" papers · ").append(range(f))
        .append("</span></div></header>\n<main>\n");
    facts(b, f);
    shares(b, m);
    b.append("<div class=\"cols\">\n");
    rising(b, m);
    newTerms(b, m);
    b.append("</div>\n");
    topics(b, m, limits);
    ReportTrending.render(b, m);
    newest(b, m);
    b.append("<footer>Generated ").append(esc(generatedAt.truncatedTo(ChronoUnit.SECONDS)
        .toString())).append(" by PaperTrends from the run's tables (topics, topic_terms,")
        .append(" doc_topics, topic_trends, term_trends, papers, model_runs).</footer>\n")
        .append("</main>\n<script>/*<![CDATA[*/\n").append(JS).append("/*]]>*/</script>\n")
        .append("</body>\n</html>\n");
    return b.toString();
  }

  private static void facts(StringBuilder b, Facts f) {
    b.append("<section class=\"panel\" id=\"facts\" data-section=\"facts\">")
        .append("<h2>Run</h2><dl class=\"facts\">");
    fact(b, "run-id", "Run id", f.runId());
    fact(b, "status", "Status", f.status() + (f.mode() == null ? "" : " · " + f.mode()));
    fact(b, "ran", "Ran", (f.startedAt() == null ? "?" : f.startedAt())
        + (f.finishedAt() == null ? "" : " → " + f.finishedAt()));
    fact(b, "docs", "Corpus", f.docs() + " papers");
    fact(b, "date-range", "Date range", range(f));
    fact(b, "periods", "Periods", f.periods() + (f.granularity() == null ? ""
        : " × " + f.granularity()));
    fact(b, "k", "Topics (k)", f.k() == null ? "–" : f.k().toString());
    fact(b, "mean-npmi", "Mean NPMI", f.meanNpmi() == null ? "–" : num(f.meanNpmi(), 3));
    fact(b, "log-perplexity", "Log perplexity",
        f.logPerplexity() == null ? "–" : num(f.logPerplexity(), 3));
    fact(b, "vocab", "Vocabulary", f.vocabSize() == null ? "–" : f.vocabSize() + " terms");
    fact(b, "model", "Optimizer · seed", (f.optimizer() == null ? "–" : f.optimizer())
        + " · " + (f.seed() == null ? "–" : f.seed()));
    fact(b, "input-versions", "Input versions", (f.papersVersion() == null ? ""
        : "papers v" + f.papersVersion() + (f.inputVersions() == null ? "" : " · "))
        + (f.inputVersions() == null ? "" : f.inputVersions()));
    fact(b, "code-version", "Code", f.codeVersion() == null ? "–" : f.codeVersion());
    b.append("</dl></section>\n");
  }

  private static void fact(StringBuilder b, String key, String name, String value) {
    b.append("<div data-fact=\"").append(key).append("\"><dt>").append(esc(name))
        .append("</dt><dd>").append(escCut(value == null || value.isEmpty() ? "–" : value, 300))
        .append("</dd></div>");
  }

  private static String range(Facts f) {
    return f.firstDate() == null ? "no dates"
        : f.firstDate() + " – " + f.lastDate();
  }

  private static void shares(StringBuilder b, ReportModel m) {
    long hot = m.topics().stream().filter(TopicCard::hot).count();
    b.append("<section class=\"panel\" id=\"shares\"><h2>Topic shares over time</h2>");
    if (m.facts().periods() == 1) {
      b.append("<p class=\"note\">One period only (")
          .append(m.shareSeries().isEmpty() ? "" : m.shareSeries().get(0).points().get(0).start())
          .append("): each topic's share of all papers' topic weight, hot topics in red; ")
          .append(m.shareSeries().size()).append(" of ").append(m.topics().size())
          .append(" topics shown.</p>\n").append(Svg.shareChart("topic-shares", m.shareSeries()))
          .append("</section>\n");
      return;
    }
    b.append("<p class=\"note\">Share of all papers' topic weight per ")
        .append(esc(m.facts().granularity() == null ? "period" : m.facts().granularity()))
        .append(". ").append(hot).append(" hot topic").append(hot == 1 ? "" : "s")
        .append(" drawn thick; ").append(m.shareSeries().size()).append(" of ")
        .append(m.topics().size()).append(" topics shown (hot first, then the largest)");
    int points = m.shareSeries().stream().mapToInt(s -> s.points().size()).max().orElse(0);
    if (points < m.facts().periods()) {
      b.append("; ").append(m.facts().periods()).append(" periods averaged into ")
          .append(points).append(" points");
    }
    b.append(".</p>\n").append(Svg.shareChart("topic-shares", m.shareSeries()))
        .append("\n<ul class=\"legend\">");
    for (int i = 0; i < m.shareSeries().size(); i++) {
      Series s = m.shareSeries().get(i);
      double last = s.points().get(s.points().size() - 1).share();
      b.append("<li data-ref=\"topic-").append(s.topicId()).append('"')
          .append(s.hot() ? " class=\"hot\"" : "").append("><span class=\"sw\" style=\"background:")
          .append(Svg.color(i)).append("\"></span>").append(escCut(s.label(), 40))
          .append(" <small>").append(pct(last)).append("</small>")
          .append(s.hot() ? " <span class=\"badge hot\">hot</span>" : "").append("</li>");
    }
    b.append("</ul></section>\n");
  }

  private static void rising(StringBuilder b, ReportModel m) {
    b.append("<section class=\"panel\" id=\"rising\"><h2>Rising terms</h2><p class=\"note\">");
    windowNote(b, m);
    b.append(" Terms flagged rising, by their strongest log-odds z-score against earlier")
        .append(" periods.</p>\n").append(Svg.risingChart("rising-terms", m.risingTerms()))
        .append("</section>\n");
  }

  private static void windowNote(StringBuilder b, ReportModel m) {
    if (m.facts().periods() == 1) {
      b.append("One period only: nothing to compare yet, so no term is rising or new.");
    } else if (m.window() == null) {
      b.append("No term trend rows in this run.");
    }
    if (m.facts().periods() == 1 || m.window() == null) {
      return;
    }
    b.append("Latest ").append(m.window().periods()).append(" period")
        .append(m.window().periods() == 1 ? "" : "s").append(": ").append(m.window().from())
        .append(" – ").append(m.window().to()).append('.');
  }

  private static void newTerms(StringBuilder b, ReportModel m) {
    b.append("<section class=\"panel\" id=\"new-terms\" data-section=\"new-terms\">")
        .append("<h2>New terms</h2><p class=\"note\">");
    windowNote(b, m);
    b.append(" Terms first seen in these periods, most papers first.</p>");
    if (m.newTerms().isEmpty()) {
      b.append("<p class=\"note\">No new terms.</p>");
    } else {
      b.append("<ol class=\"newterms\">");
      for (NewTerm t : m.newTerms()) {
        b.append("<li data-term=\"").append(esc(t.term())).append("\" title=\"first seen ")
            .append(t.firstSeen()).append("\">").append(escCut(t.term(), 40))
            .append("<small>").append(t.docFreq()).append("</small></li>");
      }
      b.append("</ol>");
    }
    b.append("</section>\n");
  }

  private static void topics(StringBuilder b, ReportModel m, Report.Limits limits) {
    b.append("<section class=\"panel\" id=\"topics\"><h2>Topics (").append(m.topics().size())
        .append(")</h2><p class=\"note\">Hot topics first, then by prevalence. Trend label,")
        .append(" share in the latest period and its change, top terms with their weights,")
        .append(" and the papers with the highest weight of the topic.</p>")
        .append("<div class=\"toolbar\"><input id=\"topic-filter\" type=\"search\"")
        .append(" placeholder=\"Filter topics by label, term or title\"")
        .append(" aria-label=\"Filter topics\"/></div>\n<div class=\"grid-cards\">\n");
    for (TopicCard c : m.topics()) {
      card(b, c);
    }
    b.append("</div>");
    if (m.topics().size() > limits.expandedCards()) {
      b.append("<p><button type=\"button\" class=\"more\" id=\"more-topics\">Show all ")
          .append(m.topics().size()).append(" topics</button></p>");
    }
    b.append("</section>\n");
  }

  private static void card(StringBuilder b, TopicCard c) {
    String trend = c.trend() == null ? "steady" : c.trend();
    String cls = trend.equals("hot") || trend.equals("cold") ? " " + trend : "";
    b.append("<article class=\"card").append(cls).append("\" data-topic=\"").append(c.topicId())
        .append('"');
    if (c.stableTopicId() != null) {
      b.append(" data-stable-topic=\"").append(c.stableTopicId()).append('"');
    }
    b.append(" data-trend=\"").append(esc(trend)).append("\">")
        .append("<div class=\"head\"><h3 title=\"").append(esc(c.label())).append("\">")
        .append(escCut(c.label(), 80)).append("</h3><span><span class=\"badge").append(cls)
        .append("\">").append(esc(trend)).append("</span>");
    if (c.lowVolume()) {
      b.append(" <span class=\"badge low\" title=\"few papers in the latest period\">low</span>");
    }
    b.append("</span></div><div class=\"meta\">").append(pct(c.latestShare()))
        .append(" latest");
    if (c.shareChange() != null && Double.isFinite(c.shareChange())) {
      double pts = c.shareChange() * 100;
      b.append(" (").append(pts >= 0 ? "+" : "−").append(num(Math.abs(pts), 1)).append(" pts)");
    }
    b.append(" · ").append(pct(c.prevalence())).append(" overall · ").append(c.docCount())
        .append(" papers");
    if (c.npmi() != null) {
      b.append(" · NPMI ").append(num(c.npmi(), 2));
    }
    b.append("</div>").append(Svg.sparkline(c.topicId(), c.sparkline(), c.hot()));
    List<Term> terms = c.terms();
    double maxW = terms.stream().mapToDouble(Term::weight).max().orElse(1);
    b.append("<ol class=\"terms\">");
    for (Term t : terms) {
      double wPct = maxW > 0 ? 100 * t.weight() / maxW : 0;
      b.append("<li><span class=\"t\" title=\"").append(esc(t.term())).append("\">")
          .append(escCut(t.term(), 40)).append("</span><span class=\"b\"><i style=\"width:")
          .append(num(wPct, 0)).append("%\"></i></span><span class=\"w\">")
          .append(num(t.weight(), 3)).append("</span></li>");
    }
    b.append("</ol><div class=\"sec-title\">Representative papers</div><ol class=\"papers\">");
    for (Paper p : c.papers()) {
      b.append("<li data-paper=\"").append(esc(p.paperId())).append("\"><span class=\"title\"")
          .append(" title=\"").append(esc(p.title())).append("\">")
          .append(escCut(p.title(), 140)).append("</span> <span class=\"d\">")
          .append(p.date() == null ? "" : p.date().toString()).append("</span> <span")
          .append(" class=\"wt\">w ").append(num(p.weight(), 2)).append("</span></li>");
    }
    if (c.papers().isEmpty()) {
      b.append("<li class=\"none\">no paper above the weight threshold</li>");
    }
    b.append("</ol></article>\n");
  }

  private static void newest(StringBuilder b, ReportModel m) {
    Map<Integer, String> labels = m.labels();
    LocalDate snap = m.newest().snapshot();
    b.append("<section class=\"panel\" id=\"newest\" data-section=\"newest-papers\">")
        .append("<h2>Newest papers</h2><p class=\"note\">");
    if (snap != null) {
      b.append("The latest trending snapshot (").append(snap).append("), by rank.");
    } else {
      b.append("The latest publication dates in the run's corpus.");
    }
    b.append("</p><table class=\"newest\"><thead><tr><th>")
        .append(snap != null ? "Rank" : "#").append("</th><th>Title</th><th>Date</th>")
        .append("<th>Dominant topic</th></tr></thead><tbody>");
    int i = 0;
    for (NewestPaper p : m.newest().papers()) {
      i++;
      String label = p.topicId() == null ? null : labels.get(p.topicId());
      b.append("<tr data-paper=\"").append(esc(p.paperId())).append("\"><td class=\"n\">")
          .append(p.rank() != null ? p.rank() : i).append("</td><td class=\"title\">")
          .append(escCut(p.title(), 200)).append("</td><td class=\"d\">")
          .append(p.date() == null ? "" : p.date().toString()).append("</td><td")
          .append(p.topicId() == null ? "" : " data-topic-ref=\"" + p.topicId() + "\"")
          .append('>').append(label == null ? "–" : escCut(label, 60)).append("</td></tr>");
    }
    b.append("</tbody></table></section>\n");
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource papertrends/publish/" + name);
      }
      String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (s.contains("]]>")) {
        throw new IllegalStateException(name + " must not contain ]]>");
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
