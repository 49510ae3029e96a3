package papertrends.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import papertrends.ingest.readers.CsvReader;
import papertrends.ingest.readers.TrendingPageReader;

/** The input formats by name, and the choice of a format for a file when --format is auto. */
public final class Formats {
  private Formats() {}

  public static final String AUTO = "auto";

  private static final Map<String, FormatReader> READERS = new LinkedHashMap<>();

  static {
    register(new TrendingPageReader());
    register(new CsvReader());
  }

  private static void register(FormatReader r) {
    READERS.put(r.name(), r);
  }

  /** Names of every format, for --help and error messages. */
  public static List<String> names() {
    return List.copyOf(READERS.keySet());
  }

  /** The reader of a format, or null when the name is unknown. */
  public static FormatReader get(String name) {
    return READERS.get(name);
  }

  /** True when a file name ends with one of the format's extensions (optionally + .gz). */
  public static boolean matches(FormatReader r, String fileName) {
    String n = stripCompression(fileName.toLowerCase(Locale.ROOT));
    return r.extensions().stream().anyMatch(n::endsWith);
  }

  /** The name without a compression suffix. */
  public static String stripCompression(String name) {
    return name.replaceFirst("\\.(gz|bz2|deflate|zst)$", "");
  }

  /**
   * The format of a file for --format auto, from its name and first bytes; null when no format
   * recognises it.
   */
  public static String detect(String fileName, byte[] head) {
    String n = stripCompression(fileName.toLowerCase(Locale.ROOT));
    if (n.endsWith(".txt")) {
      return "trending-page";
    }
    if (n.endsWith(".csv") || n.endsWith(".tsv")) {
      return "csv";
    }
    return null;
  }
}
