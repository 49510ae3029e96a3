package papertrends.ingest.readers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * The saved text of a trending-papers page: boilerplate lines, then a title line and an abstract
 * line per paper, in rank order. The first title may be glued to the "Subscribe" button text.
 * Undated: every paper is sighted on the snapshot date.
 */
public final class TrendingPageReader implements FormatReader {
  /** Lines of the page's chrome, not papers. */
  private static final Pattern BOILERPLATE = Pattern.compile(
      "(?i)^(get trending papers in your email inbox.*|subscribe|trending papers|"
          + "sign in|sign up|log in)$");
  private static final Pattern GLUED = Pattern.compile("^Subscribe(?=\\p{Lu}|\\$|\\d)");
  /** A line this long is an abstract, never a title. */
  static final int MAX_TITLE = 500;

  @Override
  public String name() {
    return "trending-page";
  }

  @Override
  public List<String> extensions() {
    return List.of(".txt");
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException {
    Lines lines = new Lines(in, ctx.maxAbstractChars() * 4 + 16);
    return new Iterator<>() {
      private final Deque<Row> ready = new ArrayDeque<>();
      private boolean started;
      private boolean done;
      private int rank;
      private String pendingTitle;
      private long pendingLine;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !done) {
          step();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void step() {
        byte[] bytes;
        try {
          bytes = lines.next();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        long no = lines.lineNo();
        if (bytes == null) {
          done = true;
          if (pendingTitle != null) {
            ready.add(ctx.reject(file, "line " + pendingLine, "no abstract", pendingTitle));
          }
          return;
        }
        String line;
        try {
          line = Text.decodeStrict(bytes, 0, bytes.length).strip();
        } catch (CharacterCodingException e) {
          String snip = Text.decodeLenient(bytes, 0, bytes.length);
          if (pendingTitle != null) {
            ready.add(ctx.reject(file, "line " + pendingLine, "invalid UTF-8 in abstract (line "
                + no + ")", pendingTitle + " " + snip));
            pendingTitle = null;
          } else {
            ready.add(ctx.reject(file, "line " + no, "invalid UTF-8", snip));
            skipNextAsAbstract = true;
          }
          return;
        }
        if (line.isEmpty()) {
          return;
        }
        if (!started && BOILERPLATE.matcher(line).matches()) {
          return;
        }
        if (!started) {
          line = GLUED.matcher(line).replaceFirst("");
          started = true;
        }
        if (skipNextAsAbstract) {
          skipNextAsAbstract = false;
          if (line.length() > MAX_TITLE) {
            ready.add(ctx.reject(file, "line " + no, "abstract of a rejected title line", line));
            return;
          }
        }
        if (pendingTitle == null) {
          if (line.length() > MAX_TITLE) {
            ready.add(ctx.reject(file, "line " + no, "abstract without a title line", line));
            return;
          }
          pendingTitle = line;
          pendingLine = no;
          return;
        }
        rank++;
        ready.add(ctx.record(file, "line " + pendingLine)
            .source("trending-page", null)
            .title(pendingTitle)
            .abstractText(lines.tooLong() ? line + " [cut]" : line)
            .fail(lines.tooLong() ? "abstract longer than " + ctx.maxAbstractChars()
                + " characters" : null)
            .rank(rank)
            .index(rank)
            .raw(pendingTitle + " " + line)
            .build());
        pendingTitle = null;
      }

      private boolean skipNextAsAbstract;
    };
  }
}
