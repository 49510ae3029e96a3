package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the features stage (papertrends.features). */
public record FeatureSettings(int minDocFreq, double maxDocFreqShare, int vocabSize,
    String stopwordsFile, int keywordsPerDoc) {
  static FeatureSettings from(Config c) {
    return new FeatureSettings(c.getInt("min-doc-freq"), c.getDouble("max-doc-freq-share"),
        c.getInt("vocab-size"), c.getString("stopwords-file"), c.getInt("keywords-per-doc"));
  }
}
