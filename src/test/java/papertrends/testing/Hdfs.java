package papertrends.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * ONE real HDFS per test JVM (Hadoop's own NameNode and DataNode, in process, on 127.0.0.1),
 * started on first use and shut down when the JVM exits; tests and the jobs they launch reach it
 * at {@link #uri()}. Tests work under their own folders of it.
 */
public final class Hdfs {
  private static MiniDFSCluster cluster;
  private static String uri;

  private Hdfs() {}

  /** hdfs://127.0.0.1:PORT of the running cluster (started on first call, a few seconds). */
  public static synchronized String uri() {
    if (cluster == null) {
      start(null);
      // the shared Spark session writes one replica too (one DataNode)
      TestSpark.session().sparkContext().hadoopConfiguration().setInt("dfs.replication", 1);
    }
    return uri;
  }

  /**
   * A real HDFS for trying PaperTrends by hand (docs/deploy.md), and the few file commands that
   * go with it (Hadoop's FsShell, `hdfs dfs`, does not start on the tests' class path):
   * <ul>
   *   <li>{@code Hdfs [DIR]}: starts it (data under DIR, else a temp folder), prints its URI and
   *       runs until stopped (Ctrl-C);</li>
   *   <li>{@code Hdfs put LOCAL... hdfs://HOST:PORT/FOLDER}: copies local files or folders into
   *       the folder (made when missing), keeping the files' modification times;</li>
   *   <li>{@code Hdfs ls hdfs://HOST:PORT/PATH}: every file under the path, size and URI.</li>
   * </ul>
   */
  public static void main(String[] args) throws InterruptedException {
    String mode = args.length > 0 ? args[0] : "";
    if (mode.equals("put") || mode.equals("ls")) {
      try {
        System.exit(shell(mode, java.util.Arrays.copyOfRange(args, 1, args.length)));
      } catch (IOException | IllegalArgumentException e) {
        System.err.println("hdfs: " + mode + " failed: " + e.getMessage());
        System.exit(1);
      }
    }
    start(args.length > 0 ? Path.of(args[0]) : null);
    System.out.println(uri);
    System.out.flush();
    Thread.currentThread().join();
  }

  private static int shell(String mode, String[] args) throws IOException {
    if (mode.equals("ls") ? args.length != 1 : args.length < 2) {
      System.err.println("hdfs: usage: Hdfs put LOCAL... hdfs://HOST:PORT/FOLDER"
          + " | Hdfs ls hdfs://HOST:PORT/PATH");
      return 2;
    }
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(args[args.length - 1]);
    FileSystem fs = target.getFileSystem(clientConf());
    if (mode.equals("ls")) {
      var files = fs.listFiles(target, true);
      while (files.hasNext()) {
        var f = files.next();
        System.out.printf("%12d %s%n", f.getLen(), f.getPath());
      }
      return 0;
    }
    fs.mkdirs(target);
    for (int i = 0; i < args.length - 1; i++) {
      Path local = Path.of(args[i]).toAbsolutePath();
      if (!Files.exists(local)) {
        System.err.println("hdfs: no such local file or folder: " + local);
        return 2;
      }
      try (Stream<Path> s = Files.walk(local)) {
        for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
          org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target,
              local.getParent().relativize(p).toString().replace('\\', '/'));
          FileUtil.copy(p.toFile(), fs, to, false, clientConf());
          fs.setTimes(to, Files.getLastModifiedTime(p).toMillis(), -1);
          System.out.println(to);
        }
      }
    }
    return 0;
  }

  /** A fresh, empty folder of the cluster: hdfs://127.0.0.1:PORT/name. */
  public static String folder(String name) {
    String f = uri() + "/" + name;
    try {
      FileSystem fs = fs();
      fs.delete(new org.apache.hadoop.fs.Path(f), true);
      fs.mkdirs(new org.apache.hadoop.fs.Path(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return f;
  }

  /** The cluster's file system (a client of the test JVM). */
  public static FileSystem fs() throws IOException {
    return FileSystem.get(java.net.URI.create(uri()), clientConf());
  }

  /** Client settings for the one-DataNode cluster. */
  public static Configuration clientConf() {
    Configuration c = new Configuration();
    c.setInt("dfs.replication", 1);
    return c;
  }

  /**
   * Copies a local file into the cluster, keeping its modification time (an undated file's
   * snapshot date), so a landing folder on HDFS reads as the same files on the local disk.
   */
  public static void put(Path local, String hdfsTarget) {
    try {
      org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(hdfsTarget);
      FileUtil.copy(local.toFile(), fs(), target, false, clientConf());
      fs().setTimes(target, Files.getLastModifiedTime(local).toMillis(), -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a local folder (a warehouse) into the cluster, keeping modification times. */
  public static void putTree(Path local, String hdfsTarget) {
    try (Stream<Path> s = Files.walk(local)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = local.relativize(p).toString().replace('\\', '/');
        String name = p.getFileName().toString();
        // Hadoop's local checksum side files (.NAME.crc) stay behind; Delta's NNN.crc go along
        if (Files.isRegularFile(p) && !(name.startsWith(".") && name.endsWith(".crc"))) {
          put(p, hdfsTarget + (rel.isEmpty() ? "" : "/" + rel));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void start(Path dir) {
    try {
      Path base = dir != null ? Files.createDirectories(dir)
          : Files.createTempDirectory("papertrends-hdfs-");
      Configuration conf = new Configuration();
      conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
      conf.set("dfs.datanode.address", "127.0.0.1:0");
      conf.set("dfs.datanode.http.address", "127.0.0.1:0");
      conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
      conf.set("dfs.namenode.http-address", "127.0.0.1:0");
      conf.setBoolean("dfs.permissions.enabled", false);
      conf.setInt("dfs.replication", 1);
      MiniDFSCluster c = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true)
          .build();
      c.waitActive();
      cluster = c;
      uri = "hdfs://127.0.0.1:" + c.getNameNodePort();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        c.shutdown();
        if (dir != null) {
          return;
        }
        try (Stream<Path> s = Files.walk(base)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
          // a temp folder left behind
        }
      }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
