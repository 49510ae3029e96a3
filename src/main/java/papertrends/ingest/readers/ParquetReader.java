package papertrends.ingest.readers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Row;

/**
 * Parquet exports with a column mapping (--mapping NAME), streamed row by row with parquet-mr on
 * the executor that reads the file (Parquet needs random access, so it reads by path). Only the
 * file's own schema is used: a mapped column is read as text (dates and timestamps as ISO
 * text), a list column's elements joined with the separator of its target.
 */
public final class ParquetReader implements FormatReader {
  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public List<String> extensions() {
    return List.of(".parquet");
  }

  @Override
  public boolean needsMapping() {
    return true;
  }

  @Override
  public boolean readsByPath() {
    return true;
  }

  @Override
  public Iterator<Row> read(String file, InputStream in, ReadContext ctx) {
    throw new UnsupportedOperationException("parquet is read by path");
  }

  @Override
  public Iterator<Row> read(String file, Configuration conf, ReadContext ctx)
      throws IOException {
    org.apache.parquet.hadoop.ParquetReader<Group> reader =
        org.apache.parquet.hadoop.ParquetReader.builder(new GroupReadSupport(), new Path(file))
            .withConf(conf).build();
    return new Iterator<>() {
      private Group next;
      private boolean done;
      private long index;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          try {
            next = reader.read();
          } catch (IOException e) {
            done = true;
            close();
            throw new UncheckedIOException(e);
          }
          if (next == null) {
            done = true;
            close();
          }
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Group g = next;
        next = null;
        index++;
        if (index == 1) {
          String mismatch = MappedRecords.mismatch(ctx.mapping(), g.getType()::containsField,
              "Parquet schema");
          if (mismatch != null) {
            done = true;
            close();
            return ctx.reject(file, "schema", mismatch, g.getType().toString());
          }
        }
        return MappedRecords.build(ctx, file, "row " + index, index,
            col -> value(g, col, JsonlReader.separatorOf(ctx.mapping(), col)), null);
      }

      private void close() {
        try {
          reader.close();
        } catch (IOException ignored) {
          // read to the end already
        }
      }
    };
  }

  /** A column's value as text (a list's values joined with sep), or null. */
  static String value(Group g, String column, String sep) {
    GroupType schema = g.getType();
    if (!schema.containsField(column)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    collect(g, schema.getFieldIndex(column), out);
    return out.isEmpty() ? null : String.join(sep, out);
  }

  private static void collect(Group g, int field, List<String> out) {
    Type type = g.getType().getType(field);
    int n = g.getFieldRepetitionCount(field);
    for (int i = 0; i < n; i++) {
      if (type.isPrimitive()) {
        out.add(primitive(g, field, i, type.asPrimitiveType()));
      } else {
        Group child = g.getGroup(field, i);
        for (int f = 0; f < child.getType().getFieldCount(); f++) {
          collect(child, f, out);
        }
      }
    }
  }

  private static String primitive(Group g, int field, int i, PrimitiveType t) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(g.getInteger(field, i)).toString();
    }
    if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
      long v = g.getLong(field, i);
      Instant at = switch (ts.getUnit()) {
        case MILLIS -> Instant.ofEpochMilli(v);
        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
            Math.floorMod(v, 1_000_000L) * 1000L);
        case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L),
            Math.floorMod(v, 1_000_000_000L));
      };
      return at.atOffset(ZoneOffset.UTC).toString();
    }
    return switch (t.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g.getBinary(field, i).toStringUsingUTF8();
      case INT32 -> String.valueOf(g.getInteger(field, i));
      case INT64 -> String.valueOf(g.getLong(field, i));
      case BOOLEAN -> String.valueOf(g.getBoolean(field, i));
      case FLOAT -> String.valueOf(g.getFloat(field, i));
      case DOUBLE -> String.valueOf(g.getDouble(field, i));
      default -> g.getValueToString(field, i);
    };
  }
}
