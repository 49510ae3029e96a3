package papertrends.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.UsageException;

/**
 * Storage on the local file system (HDFS: StorageIT): files replaced whole, no temporary or
 * checksum file left beside them, copies and moves, and one clear line for a missing connector.
 */
class StorageTest {
  @TempDir
  Path tmp;

  final Storage st = new Storage(new Configuration());

  List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWriteReplacesTheFileWholeAndLeavesNothingBeside() throws Exception {
    String f = tmp.resolve("report/index.html").toString();
    st.writeString(f, "first");
    st.writeString("file:" + f, "second, longer");
    assertEquals("second, longer", Files.readString(Path.of(f)));
    assertEquals(List.of("index.html"), names(tmp.resolve("report")));
  }

  @Test
  void copyAndMoveReplaceTheirTargets() throws Exception {
    Path local = Files.writeString(tmp.resolve("built.duckdb"), "db v2");
    Path target = tmp.resolve("exports/papertrends.duckdb");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "db v1");
    st.copy(local.toString(), target.toString());
    assertEquals("db v2", Files.readString(target));
    assertTrue(Files.exists(local), "a copy keeps its source");
    Path part = Files.writeString(tmp.resolve("part-0000.parquet"), "rows");
    st.move(part.toString(), target.toString());
    assertArrayEquals("rows".getBytes(), Files.readAllBytes(target));
    assertFalse(Files.exists(part));
    assertEquals(List.of("papertrends.duckdb"), names(target.getParent()));
  }

  /**
   * A file that Hadoop's checksummed local file system wrote (FileUtil.copy, a `put`) has a
   * .NAME.crc beside it; Spark reads through that file system, so a replacement must not leave
   * the old checksum behind (Spark then failed reading an export: CANNOT_READ_FILE_FOOTER).
   */
  @Test
  void aReplacedFileIsReadableThroughTheChecksummedLocalFileSystem() throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.LocalFileSystem checked = org.apache.hadoop.fs.FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path export = new org.apache.hadoop.fs.Path(
        tmp.resolve("exports/topics.parquet").toUri());
    try (var out = checked.create(export, true)) {
      out.write("an export of an earlier publish".getBytes());
    }
    assertTrue(Files.exists(tmp.resolve("exports/.topics.parquet.crc")));
    Path part = Files.writeString(tmp.resolve("part-0000.parquet"), "this publish");
    st.move(part.toString(), export.toString());
    assertEquals("this publish", new String(checked.open(export).readAllBytes()));
    st.writeString(export.toString(), "a whole write");
    assertEquals("a whole write", new String(checked.open(export).readAllBytes()));
    assertEquals(List.of("topics.parquet"), names(tmp.resolve("exports")));
  }

  @Test
  void qualifiedUrisSubfoldersAndDeletes() throws Exception {
    Files.createDirectories(tmp.resolve("w/tables/b"));
    Files.createDirectories(tmp.resolve("w/tables/a"));
    Files.writeString(tmp.resolve("w/tables/not-a-folder"), "x");
    assertEquals("file:" + tmp.resolve("w"), st.qualify(tmp.resolve("w").toString()));
    assertEquals(List.of("a", "b"), st.subfolders(tmp.resolve("w/tables").toString()));
    assertEquals(List.of(), st.subfolders(tmp.resolve("missing").toString()));
    assertTrue(st.delete(tmp.resolve("w/tables").toString()));
    assertFalse(st.exists(tmp.resolve("w/tables").toString()));
  }

  @Test
  void aSchemeWithoutItsConnectorIsOneLineNamingWhatToAdd() {
    UsageException e = assertThrows(UsageException.class,
        () -> st.exists("abfss://c@account.dfs.core.windows.net/pt"));
    assertTrue(e.getMessage().startsWith("no Hadoop FileSystem for abfss:// on the class path"
        + " (abfss://c@account.dfs.core.windows.net/pt): add org.apache.hadoop:hadoop-azure:"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void objectStoresAreToldByScheme() {
    assertTrue(Storage.isObjectStore("s3a://bucket/pt"));
    assertTrue(Storage.isObjectStore("gs://bucket/pt"));
    assertFalse(Storage.isObjectStore("hdfs://nn:8020/pt"));
    assertFalse(Storage.isObjectStore("abfss://c@a.dfs.core.windows.net/pt"));
    assertFalse(Storage.isObjectStore("/local/pt"));
  }
}
