package papertrends.ingest.readers;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.apache.spark.sql.Row;
import papertrends.ingest.readers.XmlRecords.Node;

/**
 * PubMed/MEDLINE {@code PubmedArticleSet} XML (any DTD version, with or without byte-order mark):
 * {@code PubmedArticle} and {@code PubmedBookArticle} records; structured abstracts are joined as
 * "LABEL: text" parts, one per line; inline markup in titles and abstracts is kept as its text;
 * {@code MedlineDate} ("1998 Dec-1999 Jan") gives its first date.
 */
public final class PubmedXmlReader implements FormatReader {
  static final Set<String> RECORDS = Set.of("PubmedArticle", "PubmedBookArticle");

  @Override
  public String name() {
    return "pubmed-xml";
  }

  @Override
  public List<String> extensions() {
    return List.of(".xml");
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException {
    return XmlRecords.rows(file, in, RECORDS, ctx, PubmedXmlReader::record);
  }

  static Row record(String file, Node rec, long index, ReadContext ctx) {
    boolean book = rec.name().equals("PubmedBookArticle");
    Node doc = book ? rec.at("BookDocument") : rec.at("MedlineCitation");
    String pmid = doc == null ? null : Text.clean(doc.textAt("PMID"));
    RecordBuilder b = ctx.record(file, "record " + index + (pmid == null ? ""
        : " (PMID " + pmid + ")")).index(index);
    if (doc == null) {
      return b.fail("no " + (book ? "BookDocument" : "MedlineCitation")).build();
    }
    if (pmid == null || !pmid.matches("\\d+")) {
      b.fail("no PMID");
    }
    Node article = book ? doc : doc.at("Article");
    if (article == null) {
      return b.fail("no Article").raw(pmid).build();
    }
    String title = article.textAt("ArticleTitle");
    if (book && Text.clean(title) == null) {
      title = doc.textAt("Book/BookTitle");
    }
    b.id(pmid == null ? null : "pmid:" + pmid)
        .source("pubmed", pmid)
        .title(title)
        .abstractText(abstractText(article.at("Abstract")))
        .authors(authors(article.at("AuthorList")))
        .categories(mesh(doc))
        .doi(doi(rec, doc, article))
        .language(Languages.iso2(article.textAt("Language")))
        .raw(Text.clean(title));
    Node pubDate = book ? doc.at("Book/PubDate") : article.at("Journal/JournalIssue/PubDate");
    try {
      b.published(pubDate(pubDate));
      Node revised = doc.at("DateRevised");
      if (revised != null) {
        b.updated(ymd(revised));
      }
    } catch (Dates.BadDate e) {
      b.fail(e.getMessage());
    }
    return b.build();
  }

  /** The abstract: its parts joined by line breaks, each labelled part as "LABEL: text". */
  static String abstractText(Node abs) {
    if (abs == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (Node t : abs.all("AbstractText")) {
      String text = t.text().strip();
      if (text.isEmpty()) {
        continue;
      }
      String label = t.attr("Label");
      parts.add(label == null || label.isBlank() ? text : label.strip() + ": " + text);
    }
    return parts.isEmpty() ? null : String.join("\n", parts);
  }

  static List<String> authors(Node list) {
    if (list == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Node a : list.all("Author")) {
      String collective = Text.clean(a.textAt("CollectiveName"));
      if (collective != null) {
        out.add(collective);
        continue;
      }
      String last = Text.clean(a.textAt("LastName"));
      String fore = Text.clean(a.textAt("ForeName"));
      if (fore == null) {
        fore = Text.clean(a.textAt("Initials"));
      }
      if (last != null) {
        out.add(fore == null ? last : fore + " " + last);
      }
    }
    return out;
  }

  /** MeSH descriptor names: PubMed's subject headings. */
  static List<String> mesh(Node doc) {
    List<String> out = new ArrayList<>();
    for (Node h : doc.allAt("MeshHeadingList/MeshHeading")) {
      String d = h.textAt("DescriptorName");
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  static String doi(Node rec, Node doc, Node article) {
    List<Node> ids = new ArrayList<>(rec.allAt("PubmedData/ArticleIdList/ArticleId"));
    ids.addAll(rec.allAt("PubmedBookData/ArticleIdList/ArticleId"));
    ids.addAll(doc.allAt("ArticleIdList/ArticleId"));
    for (Node id : ids) {
      if ("doi".equals(id.attr("IdType"))) {
        return id.text();
      }
    }
    for (Node e : article.all("ELocationID")) {
      if ("doi".equals(e.attr("EIdType"))) {
        return e.text();
      }
    }
    return null;
  }

  /** A PubDate: Year/Month/Day (Month as name or number), Year/Season, or MedlineDate. */
  static LocalDate pubDate(Node d) throws Dates.BadDate {
    if (d == null) {
      return null;
    }
    String medline = Text.clean(d.textAt("MedlineDate"));
    if (medline != null) {
      return medlineDate(medline);
    }
    return ymd(d);
  }

  private static LocalDate ymd(Node d) throws Dates.BadDate {
    String y = Text.clean(d.textAt("Year"));
    if (y == null) {
      return null;
    }
    String m = Text.clean(d.textAt("Month"));
    String day = Text.clean(d.textAt("Day"));
    return date(y, m, day, y + (m == null ? "" : " " + m) + (day == null ? "" : " " + day));
  }

  /**
   * The first date of a MedlineDate: "1998 Dec-1999 Jan" → 1998-12-01, "2000 Spring" →
   * 2000-01-01, "1975 Jul-Aug" → 1975-07-01, "2001 Nov 15-21" → 2001-11-15.
   */
  public static LocalDate medlineDate(String s) throws Dates.BadDate {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("^(\\d{4})(?:[\\s-]+([A-Za-z]{3,9})(?:\\s+(\\d{1,2}))?)?").matcher(s.trim());
    if (!m.find()) {
      throw new Dates.BadDate("bad MedlineDate '" + s + "'");
    }
    String month = m.group(2);
    if (month != null) {
      try {
        Dates.month(month);
      } catch (Dates.BadDate e) {
        month = null; // a season (Spring, Winter): the year is all we know
      }
    }
    return date(m.group(1), month, month == null ? null : m.group(3), s);
  }

  private static LocalDate date(String y, String m, String d, String raw) throws Dates.BadDate {
    try {
      int year = Integer.parseInt(y);
      int month = m == null ? 1 : Dates.month(m);
      int day = d == null ? 1 : Integer.parseInt(d);
      return Dates.check(LocalDate.of(year, month, day), raw);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new Dates.BadDate("impossible date '" + raw + "'");
    }
  }
}
