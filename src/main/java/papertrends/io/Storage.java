package papertrends.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.util.VersionInfo;
import papertrends.config.UsageException;

/**
 * Files under any Hadoop URI (a plain path, file:, hdfs://, s3a://, abfss://, gs://) through the
 * Hadoop FileSystem API: what the warehouse needs besides Delta tables (models, exports, the
 * report, a copied DuckDB file). A file written here appears whole or not at all: on a file
 * system with atomic rename (HDFS, local) it is written beside its target and renamed over it;
 * on an object store (S3, GCS) it is one whole-object write, visible only once complete.
 */
public final class Storage {
  /** Schemes of object stores: no atomic rename, but a new object appears only when complete. */
  static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cosn",
      "obs", "wasb", "wasbs");

  private final Configuration conf;

  public Storage(Configuration conf) {
    this.conf = conf;
  }

  public Configuration conf() {
    return conf;
  }

  /**
   * The file system of a URI. For local paths the raw local file system (no .crc side files);
   * a scheme with no connector on the class path is a UsageException naming what to add.
   */
  public FileSystem fs(String uri) {
    return fileSystem(new Path(uri), conf);
  }

  static FileSystem fileSystem(Path p, Configuration conf) {
    try {
      FileSystem fs = p.getFileSystem(conf);
      return fs instanceof LocalFileSystem l ? l.getRaw() : fs;
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: the connector is there but not all it needs (hadoop-aws without the
      // AWS SDK's transfer manager, say), found when Hadoop loads its FileSystem class
      String scheme = p.toUri().getScheme();
      if (scheme != null && isMissingConnector(e)) {
        String missing = e instanceof LinkageError ? " (missing: " + e.getMessage() + ")" : "";
        throw new UsageException(missingConnector(scheme, p.toString()) + missing);
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      if (e instanceof LinkageError l) {
        throw l;
      }
      throw (RuntimeException) e;
    }
  }

  /** The URI fully qualified (scheme and authority; a relative path made absolute). */
  public String qualify(String uri) {
    Path p = new Path(uri);
    return fs(uri).makeQualified(p).toString();
  }

  /** Throws a one-line UsageException when the URI's scheme has no Hadoop connector here. */
  public static void requireConnector(String uri, Configuration conf) {
    fileSystem(new Path(uri), conf);
  }

  private static boolean isMissingConnector(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError
          || t.getClass().getSimpleName().equals("UnsupportedFileSystemException")
          || m.contains("No FileSystem for scheme")) {
        return true;
      }
    }
    return false;
  }

  /** One line saying which connector a scheme needs. */
  static String missingConnector(String scheme, String uri) {
    String hadoop = VersionInfo.getVersion();
    String add = switch (scheme.toLowerCase(Locale.ROOT)) {
      case "s3a", "s3", "s3n" -> "org.apache.hadoop:hadoop-aws:" + hadoop
          + " and the AWS SDK v2 (software.amazon.awssdk:bundle, or its s3 and"
          + " s3-transfer-manager modules with their dependencies)";
      case "abfs", "abfss", "wasb", "wasbs" -> "org.apache.hadoop:hadoop-azure:" + hadoop;
      case "gs" -> "org.apache.hadoop:hadoop-gcp:" + hadoop
          + " (or Google's com.google.cloud.bigdataoss:gcs-connector)";
      case "oss" -> "org.apache.hadoop:hadoop-aliyun:" + hadoop;
      default -> "the Hadoop FileSystem connector of " + scheme + "://";
    };
    return "no Hadoop FileSystem for " + scheme + ":// on the class path (" + uri + "): add "
        + add + " to the driver and executors, e.g. spark-submit --packages or --jars"
        + " (PAPERTRENDS_SUBMIT_ARGS); see docs/deploy.md";
  }

  /** True when the URI is on an object store (no atomic rename). */
  public static boolean isObjectStore(String uri) {
    String scheme = new Path(uri).toUri().getScheme();
    return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT));
  }

  public boolean exists(String uri) {
    try {
      return fs(uri).exists(new Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isDirectory(String uri) {
    try {
      return fs(uri).getFileStatus(new Path(uri)).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sub-folders of a folder (their names, sorted); none when it is missing. */
  public List<String> subfolders(String uri) {
    List<String> out = new ArrayList<>();
    try {
      for (FileStatus s : fs(uri).listStatus(new Path(uri))) {
        if (s.isDirectory()) {
          out.add(s.getPath().getName());
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }

  /** Deletes a file or folder (recursively); true when something was there. */
  public boolean delete(String uri) {
    try {
      return fs(uri).delete(new Path(uri), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The length of a file in bytes. */
  public long size(String uri) {
    try {
      return fs(uri).getFileStatus(new Path(uri)).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void mkdirs(String uri) {
    try {
      fs(uri).mkdirs(new Path(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes of a file. */
  public byte[] read(String uri) throws IOException {
    try (InputStream in = fs(uri).open(new Path(uri))) {
      return in.readAllBytes();
    }
  }

  /** A UTF-8 text file. */
  public String readString(String uri) throws IOException {
    return new String(read(uri), StandardCharsets.UTF_8);
  }

  /** Writes a UTF-8 text file whole (see {@link #write(String, byte[])}). */
  public void writeString(String uri, String text) throws IOException {
    write(uri, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a file so that a reader sees the old one or the new one whole, never a part. */
  public void write(String uri, byte[] bytes) throws IOException {
    writeWhole(uri, out -> out.write(bytes));
  }

  /**
   * Copies a file (e.g. one built on the driver's local disk) to a URI on any file system, with
   * the same whole-or-nothing guarantee as {@link #write(String, byte[])}.
   */
  public void copy(String fromUri, String toUri) throws IOException {
    FileSystem from = fs(fromUri);
    writeWhole(toUri, out -> {
      try (InputStream in = from.open(new Path(fromUri))) {
        IOUtils.copyBytes(in, out, 1 << 16, false);
      }
    });
  }

  /**
   * Moves a finished file (e.g. the one part file Spark wrote in a temporary folder of the same
   * file system) to its target, replacing it whole: a rename where that is atomic, else one
   * whole-object copy.
   */
  public void move(String fromUri, String toUri) throws IOException {
    if (isObjectStore(toUri)) {
      copy(fromUri, toUri);
      fs(fromUri).delete(new Path(fromUri), false);
      return;
    }
    replace(fs(toUri), new Path(fromUri), new Path(toUri));
  }

  /** What a whole-file write writes. */
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * An object store shows a new object only once its upload completes: written in place. Else
   * the file is written beside its target and renamed over it.
   */
  private void writeWhole(String uri, Body body) throws IOException {
    Path target = new Path(uri);
    FileSystem fs = fs(uri);
    if (isObjectStore(uri)) {
      try (FSDataOutputStream out = fs.create(target, true)) {
        body.writeTo(out);
      }
      return;
    }
    Path tmp = tempBeside(target);
    try {
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        body.writeTo(out);
      }
      replace(fs, tmp, target);
    } finally {
      fs.delete(tmp, false);
    }
  }

  private static Path tempBeside(Path target) {
    return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID()
        + ".tmp");
  }

  /**
   * Renames src over target. On HDFS a rename with OVERWRITE is one atomic NameNode operation;
   * the raw local file system renames with rename(2), which replaces the target atomically.
   * Elsewhere (ABFS) Hadoop deletes the target first: a reader may miss the file for a moment.
   * On a local disk the old file's checksum (.NAME.crc, written when Hadoop's checksummed local
   * file system wrote or copied it) goes first: Spark reads through that file system and would
   * fail the new file against it; meanwhile a reader sees the old file, unchecked.
   */
  private static void replace(FileSystem fs, Path src, Path target) throws IOException {
    fs.mkdirs(target.getParent());
    if ("file".equals(fs.getUri().getScheme())) {
      fs.delete(new Path(target.getParent(), "." + target.getName() + ".crc"), false);
      if (!fs.rename(src, target)) {
        throw new IOException("cannot rename " + src + " to " + target);
      }
      return;
    }
    FileUtil.rename(fs, src, target, Options.Rename.OVERWRITE);
  }
}
