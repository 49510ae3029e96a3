package papertrends.features;

import java.text.Normalizer;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Cleans raw title and abstract text before analysis: Unicode NFKC, HTML entities and markup,
 * URLs and DOIs, LaTeX (citations and references dropped, formatting commands unwrapped, Greek
 * letters spelled out, math delimiters removed) and hard line wraps.
 */
public final class TextCleaner {
  private TextCleaner() {}

  /** Inline tags (CO<sub>2</sub>, <i>in vitro</i>) go without a space, other tags with one. */
  private static final Pattern INLINE_TAG = Pattern.compile(
      "(?i)</?(?:sub|sup|i|b|em|strong|span|u|mml:[a-z]+|inf)(\\s[^<>]{0,300})?/?>");
  private static final Pattern TAG =
      Pattern.compile("</?[a-zA-Z][a-zA-Z0-9:]*(\\s[^<>]{0,300})?/?>");
  private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([.,;:!?])");
  private static final Pattern URL =
      Pattern.compile("(?i)\\b(?:https?://|ftp://|www\\.)[^\\s<>\"')\\]}]+");
  private static final Pattern DOI = Pattern.compile("(?i)\\b(?:doi:\\s*)?10\\.\\d{4,9}/\\S+");
  private static final Pattern EMAIL = Pattern.compile("\\b[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+\\b");
  /** Commands whose argument is a reference, not text: dropped with their argument. */
  private static final Pattern LATEX_DROP = Pattern.compile(
      "\\\\(?:cite[a-zA-Z]*|ref|eqref|autoref|cref|Cref|label|url|href|footnote|thanks)\\*?"
          + "(?:\\[[^\\]]*\\])*\\{[^{}]*\\}(?:\\{[^{}]*\\})?");
  /** Accents: \'e, \"{o}, \^a → the letter. */
  private static final Pattern LATEX_ACCENT =
      Pattern.compile("\\\\['\"`^~=.](?:\\{([a-zA-Z])\\}|([a-zA-Z]))");
  /** A command with a braced argument (\text{vec}, \mathbf{x}, \emph{y}) → its argument. */
  private static final Pattern LATEX_UNWRAP =
      Pattern.compile("\\\\[a-zA-Z]+\\*?(?:\\[[^\\]]*\\])?\\{([^{}]*)\\}");
  private static final Pattern LATEX_COMMAND = Pattern.compile("\\\\([a-zA-Z]+)");
  private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon",
      "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu",
      "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
      "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega");
  private static final Pattern LINE_WRAP_HYPHEN = Pattern.compile("(\\p{L})-[ \\t]*\\R\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** The cleaned text (never null). */
  public static String clean(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    // Entities may be escaped twice (&amp;lt;i&amp;gt;), so unescape until stable.
    for (int i = 0; i < 3 && s.indexOf('&') >= 0; i++) {
      String u = StringEscapeUtils.unescapeHtml4(s);
      if (u.equals(s)) {
        break;
      }
      s = u;
    }
    s = INLINE_TAG.matcher(s).replaceAll("");
    s = TAG.matcher(s).replaceAll(" ");
    // A URL keeps the sentence punctuation that follows it (…/data; next).
    s = URL.matcher(s).replaceAll(m -> Matcher.quoteReplacement(" "
        + m.group().replaceAll("^.*?([.,;:!?]*)$", "$1")));
    s = DOI.matcher(s).replaceAll(" ");
    s = EMAIL.matcher(s).replaceAll(" ");
    s = latex(s);
    // A word broken across lines keeps its hyphen (data-\ndriven), only the break goes.
    s = LINE_WRAP_HYPHEN.matcher(s).replaceAll("$1-");
    s = SPACES.matcher(s).replaceAll(" ").trim();
    s = SPACE_BEFORE_PUNCT.matcher(s).replaceAll("$1");
    return Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /** LaTeX to plain text: $\pi2\text{vec}$ → pi2vec, {\bf 73} → 73, \cite{x} → nothing. */
  static String latex(String s) {
    if (s.indexOf('\\') < 0 && s.indexOf('$') < 0) {
      return s;
    }
    s = LATEX_DROP.matcher(s).replaceAll(" ");
    s = LATEX_ACCENT.matcher(s).replaceAll(m ->
        Matcher.quoteReplacement(m.group(1) != null ? m.group(1) : m.group(2)));
    for (int i = 0; i < 4; i++) {
      String u = LATEX_UNWRAP.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
      if (u.equals(s)) {
        break;
      }
      s = u;
    }
    s = LATEX_COMMAND.matcher(s).replaceAll(m -> GREEK.contains(m.group(1))
        ? m.group(1).toLowerCase(java.util.Locale.ROOT) : " ");
    s = s.replace("\\\\", " ").replace("\\", " ");
    // Math delimiters and grouping go; sub/superscripts are glued (x_i → xi) like the source.
    s = s.replace("$", "").replace("{", "").replace("}", "").replace("^", "").replace("_", "");
    return s;
  }
}
