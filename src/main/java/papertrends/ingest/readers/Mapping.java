package papertrends.ingest.readers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import papertrends.config.ConfigFiles;
import papertrends.config.UsageException;

/**
 * A column mapping for csv/jsonl/parquet input, read from conf/mappings/NAME.conf: which source
 * column feeds which papers column, how ids are made, how lists are split.
 *
 * @param name the mapping's name (file name without .conf)
 * @param source papers.source of the rows (default: the name)
 * @param idType how paper_id is made from the id column: arxiv, doi, pmid, openalex or raw
 * @param columns papers column → source column (id, title, abstract, authors, categories, doi,
 *     published_date, updated_date, language)
 * @param separators papers list column → separator of its values in one field
 * @param delimiter CSV field delimiter
 */
public record Mapping(String name, String source, String idType, Map<String, String> columns,
    Map<String, String> separators, String delimiter) implements Serializable {

  /** The papers columns a mapping may fill. */
  public static final Set<String> TARGETS = Set.of("id", "title", "abstract", "authors",
      "categories", "doi", "published_date", "updated_date", "language");
  static final Set<String> ID_TYPES = Set.of("arxiv", "doi", "pmid", "openalex", "raw");

  /** Reads and checks DIR/NAME.conf (DIR: a local folder or any Hadoop URI); a UsageException. */
  public static Mapping load(String dir, String name) {
    String f = dir + "/" + name + ".conf";
    if (!ConfigFiles.isFile(f)) {
      String names = String.join(", ", ConfigFiles.list(dir, ".conf").stream()
          .map(n -> n.replace(".conf", "")).toList());
      throw new UsageException("unknown mapping '" + name + "': no " + f + " (known: " + names
          + ")");
    }
    try {
      Config c = ConfigFactory.parseString(ConfigFiles.read(f),
          ConfigParseOptions.defaults().setOriginDescription(f)).resolve();
      Map<String, String> cols = new LinkedHashMap<>();
      for (String key : c.getConfig("columns").root().keySet()) {
        if (!TARGETS.contains(key)) {
          throw new UsageException("mapping " + name + ": unknown target column '" + key
              + "' (known: " + TARGETS + ")");
        }
        cols.put(key, c.getString("columns." + key));
      }
      if (!cols.containsKey("title") || !cols.containsKey("abstract")) {
        throw new UsageException("mapping " + name + ": columns.title and columns.abstract"
            + " are required");
      }
      Map<String, String> seps = new LinkedHashMap<>();
      if (c.hasPath("separators")) {
        for (String key : c.getConfig("separators").root().keySet()) {
          seps.put(key, c.getString("separators." + key));
        }
      }
      String idType = c.hasPath("id-type") ? c.getString("id-type") : "raw";
      if (!ID_TYPES.contains(idType)) {
        throw new UsageException("mapping " + name + ": id-type must be one of " + ID_TYPES);
      }
      return new Mapping(name, c.hasPath("source") ? c.getString("source") : name, idType,
          Map.copyOf(cols), Map.copyOf(seps),
          c.hasPath("delimiter") ? c.getString("delimiter") : ",");
    } catch (ConfigException | java.io.IOException e) {
      throw new UsageException("mapping " + name + ": " + e.getMessage());
    }
  }

  /** The paper_id for an id value, by id-type; null when the value is not a valid id. */
  public String paperId(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    return switch (idType) {
      case "arxiv" -> {
        String a = Text.normaliseArxivId(v);
        yield a == null ? null : "arxiv:" + a;
      }
      case "doi" -> {
        String d = Text.normaliseDoi(v);
        yield d == null ? null : "doi:" + d;
      }
      case "pmid" -> v.matches("\\d+") ? "pmid:" + v : null;
      case "openalex" -> {
        String w = v.replaceFirst("^https?://openalex\\.org/", "");
        yield w.matches("W\\d+") ? "openalex:" + w : null;
      }
      default -> source + ":" + v;
    };
  }

  /** The source id as stored (arXiv ids without version). */
  public String sourceId(String value) {
    if (value == null) {
      return null;
    }
    if (idType.equals("arxiv")) {
      String a = Text.normaliseArxivId(value);
      return a == null ? value.trim() : a;
    }
    return value.trim();
  }
}
