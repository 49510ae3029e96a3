package papertrends.ingest.readers;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Parses one landing file of one format into parsed-record rows (papers and rejects, schema
 * {@link Parsed#SCHEMA}). A reader streams: it never holds a whole large file in memory, and a bad
 * record becomes a reject row, never an exception. Readers run on executors, so they are
 * serializable and stateless.
 */
public interface FormatReader extends Serializable {
  /** Format name, as given to --format. */
  String name();

  /** File name endings this format takes from a folder (without .gz, which is always allowed). */
  List<String> extensions();

  /**
   * Rows of one file. {@code in} is already decompressed. An IOException or a runtime exception
   * from the returned iterator ends the file with one reject row naming where it stopped.
   */
  Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException;

  /** True when the readers of this format need a mapping (--mapping). */
  default boolean needsMapping() {
    return false;
  }

  /** True when the format needs random access (Parquet): then it reads by path, not stream. */
  default boolean readsByPath() {
    return false;
  }

  /** Rows of one file read by path, for formats that {@link #readsByPath()}. */
  default Iterator<Row> read(String file, org.apache.hadoop.conf.Configuration conf,
      ReadContext ctx) throws IOException {
    throw new UnsupportedOperationException(name() + " reads streams");
  }
}
