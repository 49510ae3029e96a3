package papertrends.publish;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The small, driver-side content of the report: everything the page shows, already ranked. */
public record ReportModel(
    Facts facts,
    List<TopicCard> topics,
    List<Series> shareSeries,
    List<RisingTerm> risingTerms,
    List<NewTerm> newTerms,
    LatestWindow window,
    NewestPapers newest,
    TrendingFeed trending) {

  /** A model without a trending feed. */
  public ReportModel(Facts facts, List<TopicCard> topics, List<Series> shareSeries,
      List<RisingTerm> risingTerms, List<NewTerm> newTerms, LatestWindow window,
      NewestPapers newest) {
    this(facts, topics, shareSeries, risingTerms, newTerms, window, newest, null);
  }

  /** What changed in a trending list between its two latest snapshots. */
  public record TrendingFeed(String source, LocalDate previousSnapshot, LocalDate snapshot,
      List<TrendingPaper> entered, List<TrendingPaper> left, List<TrendingPaper> moved,
      List<TopicMove> topics) {}

  /** A paper of a trending change: its ranks (null when not on that list) and dominant topic. */
  public record TrendingPaper(String paperId, String title, Integer rank, Integer previousRank,
      Integer topicId) {}

  /** A topic's share of the trending list (dominant topics) before and now. */
  public record TopicMove(int topicId, double shareBefore, double shareNow) {}

  /** The run's facts: model_runs values plus the corpus of the run. */
  public record Facts(String runId, String status, String mode, String startedAt,
      String finishedAt, long docs, LocalDate firstDate, LocalDate lastDate, Integer k,
      String optimizer, Long seed, Double meanNpmi, Double logPerplexity, Integer vocabSize,
      Long papersVersion, String inputVersions, String codeVersion, String granularity,
      int periods) {}

  /** One point of a time series: period (or bucket) start and topic share. */
  public record Point(LocalDate start, double share) {}

  /** One topic's series over time (downsampled). */
  public record Series(int topicId, String label, boolean hot, List<Point> points) {}

  /** A term of a topic with its weight. */
  public record Term(String term, double weight) {}

  /** A paper shown in the report. */
  public record Paper(String paperId, String title, LocalDate date, double weight) {}

  /** One topic card. */
  public record TopicCard(int topicId, Integer stableTopicId, String label, String trend,
      boolean lowVolume, double latestShare, Double shareChange, double prevalence,
      long docCount, Double npmi, List<Term> terms, List<Point> sparkline,
      List<Paper> papers) {
    /** True when the topic is hot at the latest period. */
    public boolean hot() {
      return "hot".equals(trend);
    }
  }

  /** A term rising in the latest periods: its strongest log-odds z and its documents. */
  public record RisingTerm(String term, double zscore, long docFreq) {}

  /** A term first seen in the latest periods. */
  public record NewTerm(String term, LocalDate firstSeen, long docFreq) {}

  /** The latest periods the rising and new terms are taken from. */
  public record LatestWindow(LocalDate from, LocalDate to, int periods) {}

  /**
   * The newest papers: from the latest trending snapshot (by rank) or else by date.
   *
   * @param snapshot the snapshot date when the list comes from paper_sightings, else null
   */
  public record NewestPapers(LocalDate snapshot, List<NewestPaper> papers) {}

  /** A newest paper with its dominant topic (label looked up among the cards). */
  public record NewestPaper(String paperId, String title, LocalDate date, Integer rank,
      Integer topicId) {}

  /** Topic id → label. */
  public Map<Integer, String> labels() {
    Map<Integer, String> m = new java.util.HashMap<>();
    topics.forEach(t -> m.put(t.topicId(), t.label()));
    return m;
  }
}
