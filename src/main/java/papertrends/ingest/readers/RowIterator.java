package papertrends.ingest.readers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows of a streamed file, one record at a time: {@link #advance} reads on and sets
 * {@link #next} to a row (paper or reject), or {@link #done} at the end; it may return having
 * set neither (a record skipped) and is called again.
 */
abstract class RowIterator implements Iterator<Row> {
  /** The row advance() produced, not yet returned. */
  protected Row next;
  /** The stream is exhausted (or broken beyond recovery). */
  protected boolean done;
  /** Records read so far (the reject/paper index of the file). */
  protected long index;

  /** Reads on until a row is produced, a record skipped, or the end. */
  protected abstract void advance() throws IOException;

  /** The exception a read error of advance() is thrown as. */
  protected RuntimeException failure(IOException e) {
    return new UncheckedIOException(e);
  }

  @Override
  public final boolean hasNext() {
    while (next == null && !done) {
      try {
        advance();
      } catch (IOException e) {
        done = true;
        throw failure(e);
      }
    }
    return next != null;
  }

  @Override
  public final Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }
}
