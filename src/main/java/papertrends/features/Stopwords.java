package papertrends.features;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import papertrends.config.ConfigFiles;
import papertrends.config.UsageException;

/**
 * The stopword lists: Lucene's English words plus the user's academic file (a local path or any
 * Hadoop URI; one entry a line, `#` comments; an entry of several words, like `in this paper we
 * propose`, is removed as a sequence wherever it occurs).
 */
public record Stopwords(Set<String> words, List<String> phrases) {

  /** English stopwords plus the entries of the academic file. */
  public static Stopwords load(String academicFile) {
    Set<String> words = new TreeSet<>(TextModel.englishStopwords());
    List<String> phrases = new ArrayList<>();
    List<String> lines;
    try {
      lines = ConfigFiles.read(academicFile).lines().toList();
    } catch (IOException e) {
      throw new UsageException("cannot read papertrends.features.stopwords-file "
          + academicFile + ": " + e.getMessage());
    }
    for (String line : lines) {
      String l = Terms.lower(line.replaceAll("#.*", "").trim());
      if (l.isEmpty()) {
        continue;
      }
      if (l.contains(" ") || l.contains("-")) {
        phrases.add(l);
      } else {
        words.add(l);
      }
    }
    return new Stopwords(words, phrases);
  }

  /** The words of the academic file only (tests check topics against both lists). */
  public static Set<String> academicWords(String academicFile) {
    Set<String> all = new TreeSet<>(load(academicFile).words());
    all.removeAll(TextModel.englishStopwords());
    return all;
  }
}
