package papertrends.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.config.UsageException;
import papertrends.ingest.readers.FormatReader;
import papertrends.ingest.readers.Formats;

/** Finds the landing files of an input path (file or folder) on any Hadoop file system. */
public final class Landing {
  private static final Logger LOG = LoggerFactory.getLogger(Landing.class);
  private static final Pattern DATE_IN_NAME =
      Pattern.compile("(?<!\\d)(\\d{4})-?(\\d{2})-?(\\d{2})(?!\\d)");

  private Landing() {}

  /** A file found under an input, before checksums. */
  public record Found(String path, long size, long modified, String format) {}

  /**
   * The files of an input: a file is taken whatever its name; in a folder (recursively) only the
   * files of the format's extensions (or any known format's, with auto). Others are logged.
   */
  public static List<Found> list(Configuration conf, String input, String format) {
    Path p = new Path(input);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new UsageException("input not found: " + input);
      }
      FileStatus st = fs.getFileStatus(p);
      List<Found> out = new ArrayList<>();
      if (st.isFile()) {
        out.add(new Found(st.getPath().toString(), st.getLen(), st.getModificationTime(),
            formatOf(st.getPath().getName(), format, fs, st.getPath(), true)));
        return out;
      }
      List<String> ignored = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String name = f.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        String fmt = formatOf(name, format, fs, f.getPath(), false);
        if (fmt == null) {
          ignored.add(name);
          continue;
        }
        out.add(new Found(f.getPath().toString(), f.getLen(), f.getModificationTime(), fmt));
      }
      if (!ignored.isEmpty()) {
        LOG.info("ignored {} file(s) of no {} format in {}: {}", ignored.size(),
            format, input, ignored);
        System.err.println("papertrends: ingest: ignored " + ignored.size()
            + " file(s) that are not " + format + " input: " + String.join(", ", ignored));
      }
      out.sort(Comparator.comparing(Found::path));
      return out;
    } catch (IOException e) {
      throw new UsageException("cannot list input " + input + ": " + e.getMessage());
    }
  }

  private static String formatOf(String name, String format, FileSystem fs, Path path,
      boolean explicit) throws IOException {
    if (!Formats.AUTO.equals(format)) {
      FormatReader r = Formats.get(format);
      return explicit || Formats.matches(r, name) ? format : null;
    }
    byte[] head = head(fs, path, Formats.HEAD_BYTES);
    String detected = Formats.detect(name, head);
    if (detected == null && (explicit || Formats.knownExtension(name))) {
      return "unknown";
    }
    return detected;
  }

  /** The first bytes of a file, decompressed when its name says it is compressed. */
  static byte[] head(FileSystem fs, Path path, int n) throws IOException {
    try (InputStream in = open(fs, path)) {
      return in.readNBytes(n);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Opens a file, decompressing .gz/.bz2 by its name. */
  public static InputStream open(FileSystem fs, Path path) throws IOException {
    InputStream raw = fs.open(path);
    CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(path);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  /** Hex SHA-256 of a file's bytes. */
  public static String checksum(Configuration conf, String file) throws IOException {
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(conf);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = fs.open(p)) {
        byte[] buf = new byte[1 << 16];
        int r;
        while ((r = in.read(buf)) > 0) {
          md.update(buf, 0, r);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Snapshot date of a file: the option, else a date in its name, else its modification day. */
  public static LocalDate snapshotDate(LocalDate option, String path, long modifiedMillis) {
    if (option != null) {
      return option;
    }
    Matcher m = DATE_IN_NAME.matcher(new Path(path).getName());
    while (m.find()) {
      try {
        LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
        if (!d.isBefore(LocalDate.of(1990, 1, 1)) && !d.isAfter(LocalDate.now().plusDays(1))) {
          return d;
        }
      } catch (java.time.DateTimeException ignored) {
        // not a date
      }
    }
    return Instant.ofEpochMilli(modifiedMillis).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
