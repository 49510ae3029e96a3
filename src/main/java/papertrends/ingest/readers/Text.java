package papertrends.ingest.readers;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/** Text helpers of the readers: strict UTF-8, snippets, hashes, whitespace. */
public final class Text {
  private Text() {}

  /** Decodes UTF-8 strictly; throws on malformed bytes. A leading byte-order mark is dropped. */
  public static String decodeStrict(byte[] bytes, int off, int len)
      throws CharacterCodingException {
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer cb = dec.decode(ByteBuffer.wrap(bytes, off, len));
    String s = cb.toString();
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Decodes UTF-8 leniently (bad bytes become U+FFFD), for snippets of bad records. */
  public static String decodeLenient(byte[] bytes, int off, int len) {
    return new String(bytes, off, len, StandardCharsets.UTF_8);
  }

  /** A snippet for rejects: whitespace folded, control characters dropped, truncated. */
  public static String snippet(String s, int max) {
    if (s == null) {
      return null;
    }
    String t = s.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").replaceAll("\\s+", " ").trim();
    return t.length() <= max ? t : t.substring(0, Math.max(0, max - 1)) + "…";
  }

  /** Collapses runs of white space (including hard line wraps) to one space; null if blank. */
  public static String clean(String s) {
    if (s == null) {
      return null;
    }
    String t = s.replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
    return t.isEmpty() ? null : t;
  }

  /** Lower-case, accents and punctuation removed: the key for title-based ids. */
  public static String normaliseTitle(String title) {
    String t = Normalizer.normalize(title, Normalizer.Form.NFKD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .trim();
    return t;
  }

  /** Hex SHA-256 of a string. */
  public static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of a paper whose source has none: title:&lt;16 hex of the normalised title&gt;. */
  public static String titleId(String title) {
    return "title:" + sha256(normaliseTitle(title)).substring(0, 16);
  }

  /** A DOI in canonical form (lower case, no resolver prefix), or null. */
  public static String normaliseDoi(String doi) {
    if (doi == null) {
      return null;
    }
    String d = doi.trim().toLowerCase(Locale.ROOT)
        .replaceFirst("^(https?://)?(dx\\.)?doi\\.org/", "")
        .replaceFirst("^doi:\\s*", "");
    return d.startsWith("10.") ? d : null;
  }

  /** An arXiv id without version suffix and prefix (2101.00001, hep-th/9901001), or null. */
  public static String normaliseArxivId(String id) {
    if (id == null) {
      return null;
    }
    String s = id.trim()
        .replaceFirst("^(https?://)?(www\\.)?arxiv\\.org/(abs|pdf)/", "")
        .replaceFirst("^oai:arXiv\\.org:", "")
        .replaceFirst("(?i)^arxiv:", "")
        .replaceFirst("v\\d+$", "")
        .replaceFirst("\\.pdf$", "");
    if (s.matches("\\d{4}\\.\\d{4,5}") || s.matches("[a-z\\-]+(\\.[A-Z]{2})?/\\d{7}")) {
      return s;
    }
    return null;
  }
}
