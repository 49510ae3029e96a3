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
   * A real HDFS for trying PaperTrends by hand (docs/deploy.md): starts it (data under the
   * folder given, else a temp folder), prints its URI and runs until stopped (Ctrl-C).
   */
  public static void main(String[] args) throws InterruptedException {
    start(args.length > 0 ? Path.of(args[0]) : null);
    System.out.println(uri);
    System.out.flush();
    Thread.currentThread().join();
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
