package papertrends.ingest.readers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream line by line as raw bytes (LF or CRLF ends), so each line can be decoded
 * strictly on its own and one bad byte rejects one record, not the file.
 */
public final class Lines {
  private final InputStream in;
  private final int maxLineBytes;
  private long lineNo;
  private boolean tooLong;

  public Lines(InputStream in, int maxLineBytes) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
    this.maxLineBytes = maxLineBytes;
  }

  /** The 1-based number of the line last returned. */
  public long lineNo() {
    return lineNo;
  }

  /** True when the line last returned was cut at maxLineBytes (the rest was skipped). */
  public boolean tooLong() {
    return tooLong;
  }

  /** The next line's bytes without its end, or null at the end of the stream. */
  public byte[] next() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    tooLong = false;
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        break;
      }
      if (buf.size() < maxLineBytes) {
        buf.write(b);
      } else {
        tooLong = true;
      }
    }
    if (!any) {
      return null;
    }
    lineNo++;
    byte[] line = buf.toByteArray();
    int n = line.length;
    if (n > 0 && line[n - 1] == '\r') {
      byte[] t = new byte[n - 1];
      System.arraycopy(line, 0, t, 0, n - 1);
      return t;
    }
    return line;
  }
}
