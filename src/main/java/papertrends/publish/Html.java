package papertrends.publish;

import java.util.Locale;

/**
 * Escaping of untrusted text (titles, labels, terms) for HTML text and double-quoted attribute
 * values. The report is also well-formed XML, so only the five XML entities are ever emitted.
 */
public final class Html {
  private Html() {}

  /** Text safe in element content and in double- or single-quoted attributes. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          // Control characters are invalid in XML and unprintable in HTML; surrogates stay.
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(' ');
          } else if (c == 0xFFFE || c == 0xFFFF) {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Text cut to at most max characters (an ellipsis marks the cut), then escaped. */
  public static String escCut(String s, int max) {
    if (s == null) {
      return "";
    }
    String t = s.strip().replaceAll("\\s+", " ");
    if (t.length() > max) {
      int end = max - 1;
      if (Character.isHighSurrogate(t.charAt(end - 1))) {
        end--;
      }
      t = t.substring(0, end) + "…";
    }
    return esc(t);
  }

  /** A number with a fixed count of decimals, independent of the machine's locale. */
  public static String num(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** A share (0..1) as a percentage with one decimal. */
  public static String pct(double share) {
    return num(share * 100, 1) + "%";
  }
}
