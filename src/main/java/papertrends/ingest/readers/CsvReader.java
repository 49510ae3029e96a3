package papertrends.ingest.readers;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * CSV exports with a header line and a column mapping; quoted fields may span lines. A record
 * with bytes that are not UTF-8 is rejected (the decoder marks them and the record is refused).
 */
public final class CsvReader implements FormatReader {
  @Override
  public String name() {
    return "csv";
  }

  @Override
  public List<String> extensions() {
    return List.of(".csv", ".tsv");
  }

  @Override
  public boolean needsMapping() {
    return true;
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) throws IOException {
    CsvParserSettings s = new CsvParserSettings();
    s.setHeaderExtractionEnabled(true);
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(10_000);
    s.setLineSeparatorDetectionEnabled(true);
    s.getFormat().setDelimiter(file.endsWith(".tsv") || file.endsWith(".tsv.gz") ? "\t"
        : ctx.mapping().delimiter());
    s.setNullValue(null);
    s.setEmptyValue(null);
    s.setErrorContentLength(ctx.snippetChars());
    CsvParser parser = new CsvParser(s);
    // Bad bytes become U+FFFD here; a record holding one is rejected below.
    InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE));
    parser.beginParsing(reader);
    String[] header = parser.getContext().parsedHeaders();
    return new RowIterator() {
      @Override
      protected void advance() {
        String[] fields;
        long line = parser.getContext().currentLine() + 1;
        try {
          fields = parser.parseNext();
        } catch (TextParsingException e) {
          done = true;
          next = ctx.reject(file, "line " + line, "malformed CSV: "
              + String.valueOf(e.getMessage()).split("\n")[0], e.getParsedContent());
          parser.stopParsing();
          return;
        }
        if (fields == null) {
          done = true;
          return;
        }
        index++;
        String[] hdr = header != null ? header : parser.getContext().headers();
        if (hdr == null) {
          done = true;
          next = ctx.reject(file, "line 1", "CSV file without a header line", null);
          return;
        }
        if (index == 1) {
          Set<String> names = new HashSet<>();
          for (String h : hdr) {
            if (h != null) {
              names.add(h.trim());
            }
          }
          String mismatch = MappedRecords.mismatch(ctx.mapping(), names::contains,
              "CSV header");
          if (mismatch != null) {
            done = true;
            next = ctx.reject(file, "line 1", mismatch, String.join(",", hdr));
            parser.stopParsing();
            return;
          }
        }
        Map<String, String> byName = new HashMap<>();
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < hdr.length && i < fields.length; i++) {
          if (hdr[i] != null) {
            byName.put(hdr[i].trim(), fields[i]);
          }
          if (fields[i] != null) {
            raw.append(raw.length() == 0 ? "" : ",").append(fields[i]);
          }
        }
        String position = "record " + index + " (line " + line + ")";
        if (raw.indexOf("\uFFFD") >= 0) {
          next = ctx.reject(file, position, "invalid UTF-8", raw.toString());
          return;
        }
        if (fields.length != hdr.length) {
          next = ctx.reject(file, position, "expected " + hdr.length + " fields, found "
              + fields.length, raw.toString());
          return;
        }
        next = MappedRecords.build(ctx, file, position, index, byName::get, raw.toString());
      }
    };
  }
}
