package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the features stage (papertrends.features); maxPhrases null: no cap. */
public record FeatureSettings(int minDocFreq, double maxDocFreqShare, int vocabSize,
    String stopwordsFile, int keywordsPerDoc, int minTokenLength, int phraseMinCount,
    double phraseMinNpmi, Integer maxPhrases, double phraseKeepDocShare,
    double phraseKeepMinNpmi, int phraseMaxWords) {
  static FeatureSettings from(Config c) {
    FeatureSettings s = new FeatureSettings(c.getInt("min-doc-freq"),
        c.getDouble("max-doc-freq-share"), c.getInt("vocab-size"), c.getString("stopwords-file"),
        c.getInt("keywords-per-doc"), c.getInt("min-token-length"),
        c.getInt("phrase-min-count"), c.getDouble("phrase-min-npmi"),
        c.getIsNull("max-phrases") ? null : c.getInt("max-phrases"),
        c.getDouble("phrase-keep-doc-share"), c.getDouble("phrase-keep-min-npmi"),
        c.getInt("phrase-max-words"));
    if (s.maxDocFreqShare <= 0 || s.maxDocFreqShare > 1) {
      throw new UsageException("papertrends.features.max-doc-freq-share must be in (0, 1], got "
          + s.maxDocFreqShare);
    }
    if (s.minDocFreq < 1 || s.vocabSize < 1 || s.phraseMinCount < 1) {
      throw new UsageException("papertrends.features: min-doc-freq, vocab-size and"
          + " phrase-min-count must be at least 1");
    }
    if (s.phraseMaxWords < 1 || s.phraseMaxWords > 3) {
      throw new UsageException("papertrends.features.phrase-max-words must be 1, 2 or 3, got "
          + s.phraseMaxWords);
    }
    if (s.maxPhrases != null && s.maxPhrases < 0) {
      throw new UsageException("papertrends.features.max-phrases must be null or at least 0");
    }
    return s;
  }
}
