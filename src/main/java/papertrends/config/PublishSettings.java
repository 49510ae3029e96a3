package papertrends.config;

import com.typesafe.config.Config;

/** Settings of the publish stage (papertrends.publish). */
public record PublishSettings(boolean exports, boolean report) {
  static PublishSettings from(Config c) {
    return new PublishSettings(c.getBoolean("exports"), c.getBoolean("report"));
  }
}
