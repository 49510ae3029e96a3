package papertrends.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import papertrends.testing.TestSpark;

/** Cleaning, tokenizing, plural folding and phrase merging, without Spark. */
class TextAnalysisTest {
  private static final Stopwords STOP = Stopwords.load(
      TestSpark.projectDir().resolve("conf/stopwords-academic.txt").toString());
  private static final TextModel BASE = new TextModel(2, STOP.words(), STOP.phrases(), Map.of(),
      Set.of());

  @Test
  void latexFromTheTrendingPageBecomesAWord() {
    assertEquals("pi2vec: Policy Representation", TextCleaner.clean(
        "$\\pi2\\text{vec}$: Policy Representation"));
  }

  @Test
  void latexFormattingIsUnwrappedAndCitationsDropped() {
    assertEquals("gains of 73 percent over the baseline.", TextCleaner.clean(
        "gains of {\\bf 73} percent over the baseline \\cite{smith2020,doe2021}."));
    assertEquals("an emph word and cafe", TextCleaner.clean(
        "an \\emph{emph} word and caf\\'e"));
    assertEquals("the alpha-level test", TextCleaner.clean("the $\\alpha$-level test"));
  }

  @Test
  void urlsEmailsAndDoisAreRemoved() {
    assertEquals("Code at and data at; contact", TextCleaner.clean(
        "Code at https://github.com/x/y.git and data at www.example.org/data; contact"
            + " someone@uni.edu doi:10.1000/xyz123"));
  }

  @Test
  void htmlEntitiesAndMarkupAreDecoded() {
    assertEquals("CO2 levels < 5 & the H2 flow \u2013 rising", TextCleaner.clean(
        "CO<sub>2</sub> levels &lt; 5 &amp; the H&#8322; flow &ndash; rising"));
    assertEquals("bold text", TextCleaner.clean("&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; text"));
  }

  @Test
  void hardLineWrapsAndUnicodeAreNormalised() {
    assertEquals("a data-driven control chart for fine monitoring", TextCleaner.clean(
        "a data-\n   driven control\r\n chart for \ufb01ne   monitoring"));
  }

  @Test
  void pluralsFoldToOneKeyAndStayReadable() {
    assertEquals("study", Terms.foldKey("studies"));
    assertEquals("process", Terms.foldKey("processes"));
    assertEquals("process", Terms.foldKey("process"));
    assertEquals("chart", Terms.foldKey("charts"));
    assertEquals("analysis", Terms.foldKey("analysis"));
    assertEquals("approach", Terms.foldKey("approaches"));
    assertEquals("bus", Terms.foldKey("bus"));
    assertEquals("computing", Terms.foldKey("computing"));
    TextModel m = BASE.with(Map.of("chart", "chart", "process", "process",
        "network", "networks"), Set.of());
    assertEquals(List.of("networks", "process", "chart"),
        m.displayTokens(List.of("network", "processes", "charts")));
  }

  @Test
  void stopwordsAndBoilerplateAreRemovedWithBreaks() {
    List<String> t = BASE.tokens(TextCleaner.clean(
        "In this paper we propose a state-of-the-art EWMA control chart. Results show gains."));
    assertEquals(List.of("ewma", "control", "chart", "", "gains"), t);
    assertFalse(t.contains("paper"));
    assertFalse(t.contains("state"));
  }

  @Test
  void phrasesMergeAdjacentPairsOnly() {
    TextModel m = BASE.with(Map.of("chart", "chart", "model", "model"),
        Set.of("control chart", "language model"));
    List<String> terms = m.analyze("Control charts and a large language model; control, chart.");
    assertEquals(List.of("control chart", "language model", "control", "chart"), terms);
    assertEquals(List.of("chart"), m.analyze("The charts"));
  }
}
