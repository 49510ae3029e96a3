package papertrends.config;

import com.typesafe.config.Config;

/**
 * Settings of the daily pipeline (papertrends.pipeline): when the topic model is refitted and
 * when the pinned model of the last refit scores the new papers instead.
 */
public record PipelineSettings(int refitEveryDays, double maxOovShare,
    double maxPerplexityIncrease) {
  static PipelineSettings from(Config c) {
    int days = c.getInt("refit-every-days");
    double oov = c.getDouble("max-oov-share");
    if (days < 0 || oov < 0 || oov > 1) {
      throw new UsageException("papertrends.pipeline.refit-every-days must be >= 0 and"
          + " max-oov-share between 0 and 1");
    }
    return new PipelineSettings(days, oov, c.getDouble("max-perplexity-increase"));
  }
}
