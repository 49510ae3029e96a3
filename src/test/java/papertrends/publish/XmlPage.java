package papertrends.publish;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The report parsed as XML (it is well-formed by design), queried with XPath. */
final class XmlPage {
  final Document doc;

  XmlPage(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    f.setExpandEntityReferences(false);
    doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(
        html.getBytes(StandardCharsets.UTF_8)));
  }

  List<Element> all(String xpath) {
    return select(doc, xpath);
  }

  Element one(String xpath) {
    List<Element> l = all(xpath);
    if (l.size() != 1) {
      throw new AssertionError(l.size() + " elements for " + xpath);
    }
    return l.get(0);
  }

  List<String> texts(String xpath) {
    return all(xpath).stream().map(e -> e.getTextContent()).toList();
  }

  static List<Element> children(Element e, String xpath) {
    return select(e, xpath);
  }

  private static List<Element> select(Node e, String xpath) {
    try {
      NodeList nl = (NodeList) XPathFactory.newInstance().newXPath()
          .evaluate(xpath, e, XPathConstants.NODESET);
      List<Element> out = new ArrayList<>();
      for (int i = 0; i < nl.getLength(); i++) {
        out.add((Element) nl.item(i));
      }
      return out;
    } catch (Exception ex) {
      throw new IllegalArgumentException(xpath, ex);
    }
  }
}
