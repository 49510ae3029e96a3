package papertrends.config;

import com.typesafe.config.Config;
import java.util.List;

/** Settings of the topics stage (papertrends.topics). k is null when it is chosen. */
public record TopicSettings(Integer k, List<Integer> kCandidates, String optimizer, long seed,
    int maxIterations) {
  static TopicSettings from(Config c) {
    Integer k = c.getIsNull("k") ? null : c.getInt("k");
    String opt = c.getString("optimizer");
    if (!opt.equals("online") && !opt.equals("em")) {
      throw new UsageException("papertrends.topics.optimizer must be online or em, got " + opt);
    }
    return new TopicSettings(k, List.copyOf(c.getIntList("k-candidates")), opt,
        c.getLong("seed"), c.getInt("max-iterations"));
  }
}
