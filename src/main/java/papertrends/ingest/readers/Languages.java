package papertrends.ingest.readers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Language codes as two-letter ISO 639-1 (PubMed writes ISO 639-2: eng, ger, fre). */
final class Languages {
  private static final Map<String, String> ISO3 = new HashMap<>();

  static {
    for (String two : Locale.getISOLanguages()) {
      try {
        ISO3.put(new Locale(two).getISO3Language(), two);
      } catch (java.util.MissingResourceException ignored) {
        // no three-letter code
      }
    }
    // ISO 639-2/B codes that differ from the terminology codes Locale knows.
    Map.of("ger", "de", "fre", "fr", "chi", "zh", "dut", "nl", "cze", "cs", "gre", "el",
        "per", "fa", "rum", "ro", "slo", "sk", "wel", "cy").forEach(ISO3::put);
  }

  private Languages() {}

  /** eng → en, en → en; an unknown code is kept in lower case; blank → null. */
  static String iso2(String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    String c = code.trim().toLowerCase(Locale.ROOT);
    if (c.length() == 3) {
      return ISO3.getOrDefault(c, c);
    }
    return c;
  }
}
