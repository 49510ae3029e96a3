package papertrends.ingest.readers;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/** Turns one mapped record (column name → value) into a paper or reject row. */
public final class MappedRecords {
  private MappedRecords() {}

  /** Builds the row of one record; {@code get} returns a source column's value or null. */
  public static Row build(ReadContext ctx, String file, String position, long index,
      Function<String, String> get, String raw) {
    Mapping m = ctx.mapping();
    RecordBuilder b = ctx.record(file, position).index(index).raw(raw);
    String idValue = value(m, "id", get);
    String paperId = m.paperId(idValue);
    if (idValue != null && paperId == null && !m.idType().equals("raw")) {
      b.fail("bad " + m.idType() + " id '" + idValue + "'");
    }
    String doi = value(m, "doi", get);
    if (paperId == null && Text.normaliseDoi(doi) != null) {
      paperId = "doi:" + Text.normaliseDoi(doi);
    }
    b.id(paperId)
        .source(m.source(), m.sourceId(idValue))
        .title(value(m, "title", get))
        .abstractText(value(m, "abstract", get))
        .authors(list(m, "authors", get))
        .categories(list(m, "categories", get))
        .doi(doi)
        .published(value(m, "published_date", get))
        .updated(value(m, "updated_date", get))
        .language(value(m, "language", get));
    return b.build();
  }

  /**
   * Why a file whose columns lack one that the mapping names for a paper's id, title or abstract
   * does not match it, or null when they are all there. Checked once per file: without it a
   * missing id column would silently give every paper a title-hash id (and the corrected file
   * would then add each paper again), a missing title or abstract one reject per record. A
   * missing id column is a mismatch even when the DOI column is there: papers without a DOI
   * would still get title-hash ids; an export identified by DOI alone maps its DOI column as the
   * id (id-type doi).
   */
  public static String mismatch(Mapping m, java.util.function.Predicate<String> hasColumn,
      String what) {
    List<String> missing = new java.util.ArrayList<>();
    for (String target : List.of("id", "title", "abstract")) {
      String col = m.columns().get(target);
      if (col != null && !hasColumn.test(col)) {
        missing.add("'" + col + "' (" + target + ")");
      }
    }
    return missing.isEmpty() ? null : what + " has no column " + String.join(", ", missing)
        + " that mapping " + m.name() + " names: the file does not match the mapping";
  }

  private static String value(Mapping m, String target, Function<String, String> get) {
    String col = m.columns().get(target);
    if (col == null) {
      return null;
    }
    String v = get.apply(col);
    return v == null || v.isBlank() ? null : v;
  }

  private static List<String> list(Mapping m, String target, Function<String, String> get) {
    String v = value(m, target, get);
    if (v == null) {
      return null;
    }
    String sep = m.separators().get(target);
    if (sep == null) {
      return List.of(v);
    }
    return Arrays.asList(v.split(Pattern.quote(sep)));
  }
}
