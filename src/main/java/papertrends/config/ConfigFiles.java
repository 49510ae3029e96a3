package papertrends.config;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import papertrends.util.HadoopConfs;

/**
 * The files a config names (the stopwords file, the ingest mappings, the config file itself): a
 * local path, or any Hadoop URI (hdfs://, s3a://, …) so a driver on a cluster node can read them.
 * In cluster deploy mode the launcher ships the local ones with the config
 * ({@link ConfigPayload}); those shipped contents are read first.
 */
public final class ConfigFiles {
  private static final Map<String, String> SHIPPED = new ConcurrentHashMap<>();

  private ConfigFiles() {}

  /** Registers the contents shipped with the config (path as the config names it → text). */
  static void ship(Map<String, String> files) {
    SHIPPED.putAll(files);
  }

  /** True when the path has a scheme other than file: (read through its Hadoop file system). */
  public static boolean isRemote(String path) {
    String scheme = new Path(path).toUri().getScheme();
    return scheme != null && !scheme.equals("file") && scheme.length() > 1;
  }

  private static FileSystem fs(Path p) throws IOException {
    // a plain path is a local file here, even where Hadoop's default file system is HDFS
    return isRemote(p.toString()) ? p.getFileSystem(HadoopConfs.submitted())
        : FileSystem.getLocal(HadoopConfs.submitted()).getRaw();
  }

  /** The UTF-8 text of a file the config names. */
  public static String read(String path) throws IOException {
    String shipped = SHIPPED.get(path);
    if (shipped != null) {
      return shipped;
    }
    Path p = new Path(path);
    try (InputStream in = fs(p).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** True when the file exists (shipped, or on its file system). */
  public static boolean isFile(String path) {
    if (SHIPPED.containsKey(path)) {
      return true;
    }
    try {
      Path p = new Path(path);
      return fs(p).getFileStatus(p).isFile();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Names of the files of a folder that end with suffix (shipped ones included), sorted. */
  public static List<String> list(String dir, String suffix) {
    List<String> out = new ArrayList<>();
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    SHIPPED.keySet().stream().filter(k -> k.startsWith(prefix) && k.endsWith(suffix)
        && k.indexOf('/', prefix.length()) < 0).forEach(k -> out.add(k.substring(
            prefix.length())));
    try {
      Path p = new Path(dir);
      for (FileStatus s : fs(p).listStatus(p)) {
        String n = s.getPath().getName();
        if (s.isFile() && n.endsWith(suffix) && !out.contains(n)) {
          out.add(n);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a missing folder lists nothing
    }
    out.sort(null);
    return out;
  }
}
