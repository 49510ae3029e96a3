package papertrends.ingest.readers;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the record elements of an XML file (at any depth) as small in-memory trees, one record
 * at a time, so a large file never sits in memory. Secure: no DTD processing, no external
 * entities or DTD fetch (a resolver that returns nothing), bounded entity expansion. A malformed
 * or truncated file throws from {@link Iterator#hasNext()} after the good records before it.
 */
public final class XmlRecords implements Iterator<XmlRecords.Node> {
  /**
   * Entity limits of the JDK parser (JAXP) and of Woodstox (which Spark's class path brings, so
   * it is the factory picked there); each parser ignores the other's.
   */
  private static final Map<String, Object> LIMITS = Map.of(
      "http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "1000",
      "http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit", "100000",
      "http://www.oracle.com/xml/jaxp/properties/maxGeneralEntitySizeLimit", "10000",
      "com.ctc.wstx.maxEntityCount", 1000,
      "com.ctc.wstx.maxEntityDepth", 10);

  /** An element with its attributes, child elements and text (inline markup kept as text). */
  public static final class Node {
    final String name;
    final Map<String, String> attrs = new LinkedHashMap<>();
    final List<Node> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    /** Text of this element including its descendants', in document order. */
    final StringBuilder allText = new StringBuilder();

    Node(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    public String attr(String n) {
      return attrs.get(n);
    }

    /** Every text inside the element, markup dropped (`<i>x</i>` → x). */
    public String text() {
      return allText.toString();
    }

    /** Child elements with a local name. */
    public List<Node> all(String child) {
      List<Node> out = new ArrayList<>();
      for (Node c : children) {
        if (c.name.equals(child)) {
          out.add(c);
        }
      }
      return out;
    }

    /** The first element at a path of child names (a/b/c), or null. */
    public Node at(String path) {
      Node cur = this;
      for (String step : path.split("/")) {
        Node next = null;
        for (Node c : cur.children) {
          if (c.name.equals(step)) {
            next = c;
            break;
          }
        }
        if (next == null) {
          return null;
        }
        cur = next;
      }
      return cur;
    }

    /** Every element at a path (a/b/c: all c of the first a/b). */
    public List<Node> allAt(String path) {
      int slash = path.lastIndexOf('/');
      Node parent = slash < 0 ? this : at(path.substring(0, slash));
      return parent == null ? List.of() : parent.all(path.substring(slash + 1));
    }

    /** Text at a path, or null. */
    public String textAt(String path) {
      Node n = at(path);
      return n == null ? null : n.text();
    }
  }

  private final XMLStreamReader xml;
  private final Set<String> recordNames;
  private Node pending;
  private boolean done;
  private long records;

  /** Streams the elements named in recordNames (local names, any namespace). */
  public XmlRecords(InputStream in, Set<String> recordNames) throws XMLStreamException {
    this.xml = secureFactory().createXMLStreamReader(in);
    this.recordNames = recordNames;
  }

  /** A StAX factory that never reads a DTD or an external entity. */
  public static XMLInputFactory secureFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLResolver((publicId, systemId, base, ns) -> new ByteArrayInputStream(new byte[0]));
    LIMITS.forEach((k, v) -> {
      try {
        f.setProperty(k, v);
      } catch (IllegalArgumentException ignored) {
        // another StAX implementation: its own defaults apply
      }
    });
    return f;
  }

  /** Records returned so far. */
  public long count() {
    return records;
  }

  @Override
  public boolean hasNext() {
    if (pending == null && !done) {
      try {
        pending = advance();
      } catch (XMLStreamException e) {
        done = true;
        throw new IllegalStateException(oneLine(e), e);
      }
      if (pending == null) {
        done = true;
        close();
      }
    }
    return pending != null;
  }

  @Override
  public Node next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Node n = pending;
    pending = null;
    records++;
    return n;
  }

  private Node advance() throws XMLStreamException {
    while (xml.hasNext()) {
      int ev = xml.next();
      if (ev == XMLStreamConstants.START_ELEMENT && recordNames.contains(xml.getLocalName())) {
        return readElement();
      }
    }
    return null;
  }

  /** Reads the element the reader is on (START_ELEMENT) up to its end into a tree. */
  private Node readElement() throws XMLStreamException {
    List<Node> stack = new ArrayList<>();
    Node root = start();
    stack.add(root);
    while (!stack.isEmpty()) {
      int ev = xml.next();
      switch (ev) {
        case XMLStreamConstants.START_ELEMENT -> {
          Node n = start();
          stack.get(stack.size() - 1).children.add(n);
          stack.add(n);
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA,
            XMLStreamConstants.SPACE, XMLStreamConstants.ENTITY_REFERENCE -> {
          String t = xml.getText();
          stack.get(stack.size() - 1).text.append(t);
          for (Node n : stack) {
            n.allText.append(t);
          }
        }
        case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
        case XMLStreamConstants.END_DOCUMENT ->
            throw new XMLStreamException("unexpected end of file inside <" + root.name + ">");
        default -> {
          // comments, processing instructions
        }
      }
    }
    return root;
  }

  private Node start() {
    Node n = new Node(xml.getLocalName());
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      n.attrs.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
    }
    return n;
  }

  private void close() {
    try {
      xml.close();
    } catch (XMLStreamException ignored) {
      // the stream is closed by the caller
    }
  }

  /** Builds one row from a record element, its 1-based index and the reader's context. */
  interface RecordMapper {
    org.apache.spark.sql.Row map(String file, Node rec, long index,
        papertrends.ingest.readers.ReadContext ctx);
  }

  /** Streams the rows of a file's record elements (the shared loop of the XML readers). */
  static Iterator<org.apache.spark.sql.Row> rows(String file, InputStream in,
      Set<String> recordNames, papertrends.ingest.readers.ReadContext ctx, RecordMapper mapper)
      throws java.io.IOException {
    XmlRecords records;
    try {
      records = new XmlRecords(in, recordNames);
    } catch (XMLStreamException e) {
      throw new java.io.IOException(oneLine(e), e);
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public org.apache.spark.sql.Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Node rec = records.next();
        return mapper.map(file, rec, records.count(), ctx);
      }
    };
  }

  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").trim();
  }
}
