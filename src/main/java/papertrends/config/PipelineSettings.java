package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the daily pipeline (papertrends.pipeline). */
public record PipelineSettings(int refitEveryDays) {
  static PipelineSettings from(Config c) {
    return new PipelineSettings(c.getInt("refit-every-days"));
  }
}
