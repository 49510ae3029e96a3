package papertrends.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily ingest does not read again the files it already took: a file with the path, size and
 * snapshot date of one taken by a batch that started after the file last changed is skipped on
 * its metadata alone; a file changed since (newer modification time) is read, checksummed and
 * taken again.
 */
class UnchangedFilesTest {
  @TempDir
  static Path dir;
  static IngestJob.Result first;
  static IngestJob.Result sameMetadata;
  static IngestJob.Result touched;
  static IngestFixture fx;

  static String content(String title) {
    return BrokenInputIngestTest.arxivLine("2103.00001", title, "An abstract about charts.",
        "2021-03-02") + "\n" + BrokenInputIngestTest.arxivLine("2103.00002", "Other",
        "Another abstract.", "2021-03-03") + "\n";
  }

  @BeforeAll
  static void ingestThreeTimes() throws Exception {
    fx = new IngestFixture(dir);
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Path file = landing.resolve("arxiv-2026-11-20.json");
    FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
    Files.writeString(file, content("Control charts"));
    Files.setLastModifiedTime(file, old);
    first = fx.ingest(landing.toString(), "arxiv-json", null);
    // same size, other bytes, the old modification time: the metadata says unchanged
    Files.writeString(file, content("Control chartz"));
    Files.setLastModifiedTime(file, old);
    sameMetadata = fx.ingest(landing.toString(), "arxiv-json", null);
    // changed now: read again, its checksum differs, the title is updated
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    touched = fx.ingest(landing.toString(), "arxiv-json", null);
    // forced: read again, nothing in it is new
    forced = fx.ingest(landing.toString(), "arxiv-json", null, true);
  }

  static IngestJob.Result forced;

  /** A forced read of an unchanged file counts its papers as unchanged, none as duplicates. */
  @Test
  void aForcedReadOfAnUnchangedFileCountsItsPapersUnchanged() {
    assertEquals(1, forced.filesTaken());
    assertEquals(0, forced.inserted(), forced.counts());
    assertEquals(0, forced.updated(), forced.counts());
    assertEquals(2, forced.papersInBatch(), forced.counts());
    assertEquals(0, forced.duplicates(), forced.counts());
    assertEquals(2, fx.papers());
  }

  @Test
  void theFirstRunTakesTheFile() {
    assertEquals(1, first.filesTaken());
    assertEquals(2, first.inserted());
  }

  @Test
  void anUnchangedFileIsSkippedWithoutReadingIt() {
    assertEquals(0, sameMetadata.filesTaken());
    assertEquals(1, sameMetadata.filesSkipped());
  }

  @Test
  void aFileChangedSinceIsReadAgain() {
    assertEquals(1, touched.filesTaken());
    assertEquals(0, touched.inserted());
    assertEquals(1, touched.updated());
    assertEquals("Control chartz", fx.paper("arxiv:2103.00001").getAs("title"));
    assertEquals(2, fx.papers());
  }
}
