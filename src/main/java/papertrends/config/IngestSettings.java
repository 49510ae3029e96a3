package papertrends.config;

import com.typesafe.config.Config;
import java.util.List;

/** Settings of the ingest stage. */
public record IngestSettings(
    double maxRejectShare,
    List<Source> sources,
    String defaultFormat,
    int snippetChars,
    int maxAbstractChars,
    int maxTitleChars,
    String mappingsDir,
    int commitRetries) {

  /** One configured input: a file or folder, its format and optional mapping name. */
  public record Source(String input, String format, String mapping) {}

  static IngestSettings from(Config c) {
    List<Source> sources = c.getConfigList("sources").stream()
        .map(s -> new Source(s.getString("input"),
            s.hasPath("format") ? s.getString("format") : null,
            s.hasPath("mapping") ? s.getString("mapping") : null))
        .toList();
    double share = c.getDouble("max-reject-share");
    if (share < 0 || share > 1) {
      throw new UsageException("papertrends.ingest.max-reject-share must be between 0 and 1, got "
          + share);
    }
    return new IngestSettings(share, sources, c.getString("default-format"),
        c.getInt("snippet-chars"), c.getInt("max-abstract-chars"), c.getInt("max-title-chars"),
        c.getString("mappings-dir"), c.getInt("commit-retries"));
  }
}
