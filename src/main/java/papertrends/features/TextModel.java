package papertrends.features;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Everything that turns a cleaned text into terms, fitted on a corpus and saved with the run:
 * stopwords (single words and multi-word boilerplate), the surface form shown for each plural
 * key, and the significant two- and three-word phrases. Serializable, so Spark tasks carry it.
 */
public final class TextModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int minTokenLength;
  private final Set<String> stopKeys;
  private final List<String[]> stopSequences;
  private final Map<String, String> surface;
  private final Set<String> phrases;
  /** stopSequences by first word, longest first (built on first use, in each task). */
  private transient volatile Map<String, List<String[]>> sequencesByFirst;

  public TextModel(int minTokenLength, Set<String> stopwords, List<String> stopPhrases,
      Map<String, String> surface, Set<String> phrases) {
    this.minTokenLength = minTokenLength;
    this.stopKeys = new HashSet<>();
    for (String w : stopwords) {
      stopKeys.add(Terms.foldKey(Terms.lower(w)));
    }
    this.stopSequences = new ArrayList<>();
    for (String p : stopPhrases) {
      String[] ws = Terms.lower(p).trim().split("[\\s\\-]+");
      for (int i = 0; i < ws.length; i++) {
        ws[i] = Terms.foldKey(ws[i]);
      }
      if (ws.length > 1) {
        stopSequences.add(ws);
      }
    }
    // Longest sequences first, so "in this paper we propose" wins over "in this paper".
    stopSequences.sort((a, b) -> Integer.compare(b.length, a.length));
    this.surface = Map.copyOf(surface);
    this.phrases = Set.copyOf(phrases);
  }

  /** The same stopwords with fitted surface forms and phrases. */
  public TextModel with(Map<String, String> newSurface, Set<String> newPhrases) {
    TextModel m = new TextModel(minTokenLength, Set.of(), List.of(), newSurface, newPhrases);
    m.stopKeys.addAll(stopKeys);
    m.stopSequences.addAll(stopSequences);
    return m;
  }

  public int minTokenLength() {
    return minTokenLength;
  }

  public Set<String> stopKeys() {
    return stopKeys;
  }

  public List<String[]> stopSequences() {
    return stopSequences;
  }

  public Map<String, String> surface() {
    return surface;
  }

  public Set<String> phrases() {
    return phrases;
  }

  /** English stopwords: Lucene's default set plus the Snowball English list. */
  public static Set<String> englishStopwords() {
    Set<String> out = new HashSet<>();
    for (Object o : EnglishAnalyzer.ENGLISH_STOP_WORDS_SET) {
      out.add(new String((char[]) o));
    }
    try (var in = SnowballFilter.class.getResourceAsStream(
        "/org/apache/lucene/analysis/snowball/english_stop.txt")) {
      if (in != null) {
        CharArraySet set = WordlistLoader.getSnowballWordSet(
            new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        for (Object o : set) {
          out.add(new String((char[]) o));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Lower-case tokens of a cleaned text, stopwords removed; {@link Terms#BREAK} marks where
   * tokens were not adjacent (a removed word or punctuation), so phrases never span it.
   */
  public List<String> tokens(String cleaned) {
    List<String> raw = new ArrayList<>();
    List<Boolean> gapBefore = new ArrayList<>();
    try (StandardTokenizer tok = new StandardTokenizer()) {
      tok.setReader(new StringReader(cleaned));
      try (TokenStream ts = new EnglishPossessiveFilter(new LowerCaseFilter(tok))) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
        ts.reset();
        int lastEnd = 0;
        while (ts.incrementToken()) {
          boolean gap = hasPunctuation(cleaned, lastEnd, off.startOffset());
          raw.add(term.toString());
          gapBefore.add(gap);
          lastEnd = off.endOffset();
        }
        ts.end();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] keys = new String[raw.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Terms.foldKey(raw.get(i));
    }
    boolean[] drop = new boolean[keys.length];
    Map<String, List<String[]>> byFirst = sequencesByFirst();
    for (int i = 0; i < keys.length; i++) {
      if (drop[i]) {
        continue;
      }
      for (String[] seq : byFirst.getOrDefault(keys[i], List.of())) {
        if (matches(keys, i, seq)) {
          Arrays.fill(drop, i, i + seq.length, true);
          break;
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      String t = raw.get(i);
      boolean keep = !drop[i] && Terms.usable(t, minTokenLength) && !stopKeys.contains(keys[i])
          && !stopKeys.contains(t);
      if (gapBefore.get(i) || !keep) {
        addBreak(out);
      }
      if (keep) {
        out.add(t);
      }
    }
    return out;
  }

  /** Tokens mapped to their display (most frequent surface) form; breaks kept. */
  public List<String> displayTokens(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(t.isEmpty() ? t : surface.getOrDefault(Terms.foldKey(t), t));
    }
    return out;
  }

  /** Final terms: display tokens with adjacent phrases merged ("control chart"), no breaks. */
  public List<String> terms(List<String> display) {
    return merge(display, false);
  }

  /**
   * Display tokens with phrases merged, the three-word phrase first where there is one
   * ("remaining useful life"), else the two-word one; breaks kept when keepBreaks.
   */
  public List<String> merge(List<String> display, boolean keepBreaks) {
    List<String> out = new ArrayList<>();
    int n = display.size();
    for (int i = 0; i < n; i++) {
      String t = display.get(i);
      if (t.isEmpty()) {
        if (keepBreaks) {
          addBreak(out);
        }
        continue;
      }
      String two = i + 1 < n && !display.get(i + 1).isEmpty() ? t + " " + display.get(i + 1)
          : null;
      String three = two != null && i + 2 < n && !display.get(i + 2).isEmpty()
          ? two + " " + display.get(i + 2) : null;
      if (three != null && phrases.contains(three)) {
        out.add(three);
        i += 2;
      } else if (two != null && phrases.contains(two)) {
        out.add(two);
        i++;
      } else {
        out.add(t);
      }
    }
    return out;
  }

  /** Clean → tokens → display forms → phrases: the terms of one paper. */
  public List<String> analyze(String rawText) {
    return terms(displayTokens(tokens(TextCleaner.clean(rawText))));
  }

  private Map<String, List<String[]>> sequencesByFirst() {
    Map<String, List<String[]>> m = sequencesByFirst;
    if (m == null) {
      m = new HashMap<>();
      for (String[] seq : stopSequences) { // longest first, kept per first word
        m.computeIfAbsent(seq[0], x -> new ArrayList<>()).add(seq);
      }
      sequencesByFirst = m;
    }
    return m;
  }

  private static boolean matches(String[] keys, int at, String[] seq) {
    if (at + seq.length > keys.length) {
      return false;
    }
    for (int j = 0; j < seq.length; j++) {
      if (!keys[at + j].equals(seq[j])) {
        return false;
      }
    }
    return true;
  }

  private static void addBreak(List<String> out) {
    if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
      out.add(Terms.BREAK);
    }
  }

  private static boolean hasPunctuation(String s, int from, int to) {
    for (int i = Math.max(0, from); i < Math.min(to, s.length()); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '('
          || c == ')' || c == '[' || c == ']' || c == '"' || c == '/' || c == '=') {
        return true;
      }
    }
    return false;
  }
}
