package papertrends.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import papertrends.ingest.readers.FormatReader;
import papertrends.ingest.readers.Formats;
import papertrends.ingest.readers.ReadContext;
import papertrends.ingest.readers.Text;

/**
 * Runs on executors: opens one landing file and streams its parsed rows. Whatever goes wrong in a
 * file (unreadable, truncated, not the format) ends it with one reject row, so a bad file never
 * fails the batch and its good records before the fault are kept.
 */
public final class FileParser implements FlatMapFunction<LandingFile, Row> {
  private final org.apache.spark.util.SerializableConfiguration conf;

  public FileParser(Configuration conf) {
    this.conf = new org.apache.spark.util.SerializableConfiguration(conf);
  }

  @Override
  public Iterator<Row> call(LandingFile f) {
    ReadContext ctx = f.ctx();
    if (f.size() == 0) {
      return List.of(ctx.reject(f.path(), "file", "empty file", null)).iterator();
    }
    FormatReader reader = f.format() == null ? null : Formats.get(f.format());
    if (reader == null) {
      String head = "";
      try (InputStream in = open(f)) {
        byte[] b = in.readNBytes(ctx.snippetChars());
        head = Text.decodeLenient(b, 0, b.length);
      } catch (IOException ignored) {
        // the reason below is enough
      }
      return List.of(ctx.reject(f.path(), "file", "unknown format: no reader recognises this"
          + " file (give --format)", head)).iterator();
    }
    if (reader.needsMapping() && ctx.mapping() == null) {
      return List.of(ctx.reject(f.path(), "file", "format " + reader.name()
          + " needs a column mapping (give --mapping NAME)", null)).iterator();
    }
    InputStream in = null;
    Iterator<Row> rows;
    try {
      if (reader.readsByPath()) {
        rows = reader.read(f.path(), conf.value(), ctx);
      } else {
        in = open(f);
        rows = reader.read(f.path(), in, ctx);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(in);
      return List.of(ctx.reject(f.path(), "file", "cannot read " + reader.name() + " file: "
          + message(e), null)).iterator();
    }
    return new Guarded(f, rows, in, ctx, reader.name());
  }

  private InputStream open(LandingFile f) throws IOException {
    Path p = new Path(f.path());
    FileSystem fs = p.getFileSystem(conf.value());
    return Landing.open(fs, p);
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    for (Throwable t = e.getCause(); (m == null || m.isBlank()) && t != null; t = t.getCause()) {
      m = t.getMessage();
    }
    if (m != null) {
      // Woodstox repeats its exception's class in brackets: "[org.….WstxLazyException] …"
      m = m.replaceFirst("^\\[(?:[\\w$]+\\.)+[\\w$]+\\]\\s*", "");
    }
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.replaceAll("\\s+", " ");
  }

  /** Wraps a reader's iterator: an exception ends the file with a reject; no rows → a reject. */
  private static final class Guarded implements Iterator<Row> {
    private final LandingFile file;
    private final Iterator<Row> rows;
    private final InputStream in;
    private final ReadContext ctx;
    private final String format;
    private long emitted;
    private Row pending;
    private boolean finished;

    Guarded(LandingFile file, Iterator<Row> rows, InputStream in, ReadContext ctx,
        String format) {
      this.file = file;
      this.rows = rows;
      this.in = in;
      this.ctx = ctx;
      this.format = format;
    }

    @Override
    public boolean hasNext() {
      if (pending != null) {
        return true;
      }
      if (finished) {
        return false;
      }
      try {
        if (rows.hasNext()) {
          pending = rows.next();
          emitted++;
          return true;
        }
        close();
        if (emitted == 0) {
          pending = ctx.reject(file.path(), "file", "no records found in " + format + " file",
              null);
          emitted++;
          return true;
        }
        return false;
      } catch (RuntimeException e) {
        close();
        pending = ctx.reject(file.path(), "after record " + emitted,
            "malformed " + format + " file, reading stopped: " + message(e), null);
        emitted++;
        return true;
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = pending;
      pending = null;
      return r;
    }

    private void close() {
      finished = true;
      closeQuietly(in);
    }
  }

}
