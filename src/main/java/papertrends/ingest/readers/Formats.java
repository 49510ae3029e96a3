package papertrends.ingest.readers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The input formats by name, and the choice of a format for a file when --format is auto. */
public final class Formats {
  private Formats() {}

  public static final String AUTO = "auto";

  private static final Map<String, FormatReader> READERS = new LinkedHashMap<>();

  static {
    register(new TrendingPageReader());
    register(new ArxivJsonReader());
    register(new ArxivOaiReader());
    register(new PubmedXmlReader());
    register(new OpenAlexReader());
    register(new CsvReader());
    register(new JsonlReader());
    register(new ParquetReader());
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

  /** True when a file name ends with an extension of any format (a landing file, not a note). */
  public static boolean knownExtension(String fileName) {
    return READERS.values().stream().anyMatch(r -> matches(r, fileName));
  }

  /** The name without a compression suffix. */
  public static String stripCompression(String name) {
    return name.replaceFirst("\\.(gz|bz2|deflate|zst)$", "");
  }

  /** Bytes of a file's start that {@link #detect} looks at. */
  public static final int HEAD_BYTES = 8192;

  private static final Pattern XML_ROOT = Pattern.compile("<(?:[A-Za-z_][\\w.-]*:)?"
      + "(PubmedArticleSet|PubmedBookArticleSet|OAI-PMH)[\\s>/]");
  private static final Pattern ARXIV_JSON = Pattern.compile(
      "\"(authors_parsed|update_date|submitter|journal-ref)\"\\s*:");
  private static final Pattern OPENALEX_WORK = Pattern.compile(
      "\"(abstract_inverted_index|authorships)\"\\s*:|\"id\"\\s*:\\s*\"https://openalex\\.org/W");

  /**
   * The format of a file for --format auto, from its name and first bytes (decompressed): .txt
   * is a trending page, .csv/.tsv csv, .parquet (or the PAR1 magic) parquet; XML by its root
   * element (PubmedArticleSet → pubmed-xml, OAI-PMH → arxiv-oai); JSON by its first record (an
   * OpenAlex page or work → openalex, an arXiv snapshot line → arxiv-json, other objects →
   * jsonl). Null when no format recognises the file.
   */
  public static String detect(String fileName, byte[] head) {
    String n = stripCompression(fileName.toLowerCase(Locale.ROOT));
    if (n.endsWith(".txt")) {
      return "trending-page";
    }
    if (n.endsWith(".csv") || n.endsWith(".tsv")) {
      return "csv";
    }
    if (n.endsWith(".parquet") || (head.length >= 4 && head[0] == 'P' && head[1] == 'A'
        && head[2] == 'R' && head[3] == '1')) {
      return "parquet";
    }
    String text = new String(head, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "")
        .stripLeading();
    if (text.startsWith("<")) {
      java.util.regex.Matcher m = XML_ROOT.matcher(text);
      if (!m.find()) {
        return null;
      }
      return m.group(1).equals("OAI-PMH") ? "arxiv-oai" : "pubmed-xml";
    }
    if (text.startsWith("{")) {
      if (OpenAlexReader.PAGE.matcher(text).find()) {
        return "openalex";
      }
      int eol = text.indexOf('\n');
      String first = eol < 0 ? text : text.substring(0, eol);
      if (OPENALEX_WORK.matcher(first).find()) {
        return "openalex";
      }
      if (ARXIV_JSON.matcher(first).find()) {
        return "arxiv-json";
      }
      return "jsonl";
    }
    return null;
  }
}
