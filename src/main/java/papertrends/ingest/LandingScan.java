package papertrends.ingest;

import java.io.IOException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import papertrends.config.IngestSettings;
import papertrends.ingest.readers.Mapping;
import papertrends.ingest.readers.ReadContext;
import papertrends.io.Tables;
import papertrends.io.Warehouse;

/**
 * The landing scan of a batch: the files of its inputs that are not taken yet. A file already
 * taken (same path, checksum and snapshot date) is skipped; one with the path, size and snapshot
 * date of a file taken by a batch that started after the file last changed is skipped without
 * reading it (force takes every file). Reads ingest_files; writes nothing.
 */
public final class LandingScan {
  private LandingScan() {}

  /**
   * The files a batch would read, and how many it skips.
   *
   * @param files the files to read, in listing order
   * @param mappingOf the mapping name (or null) of each file's input, by path
   * @param skipped files already taken
   */
  public record Scan(List<LandingFile> files, Map<String, String> mappingOf, int skipped) {}

  /** Lists the inputs' landing files and leaves out those already taken. */
  public static Scan scan(Warehouse warehouse, Configuration hconf, IngestSettings is,
      List<IngestJob.Input> inputs, LocalDate snapshotOption, boolean force) throws IOException {
    Set<String> taken = new HashSet<>();
    // path|snapshot|size of files taken by a batch that started after the file's last change:
    // skipped without reading them again (a file changed since is read and checksummed)
    Map<String, Long> takenAt = new HashMap<>();
    if (!force) {
      for (Row r : warehouse.read(Tables.INGEST_FILES)
          .select("path", "checksum", "snapshot_date", "size", "ingest_batch_id")
          .collectAsList()) {
        taken.add(r.getString(0) + "|" + r.getString(1) + "|" + r.get(2));
        long started = batchStartMillis(r.getString(4));
        takenAt.merge(r.getString(0) + "|" + r.get(2) + "|" + r.get(3), started, Math::max);
      }
    }
    List<LandingFile> files = new ArrayList<>();
    Map<String, String> mappingOf = new HashMap<>();
    int skipped = 0;
    for (IngestJob.Input in : inputs) {
      Mapping mapping = in.mapping() == null ? null
          : Mapping.load(is.mappingsDir(), in.mapping());
      for (Landing.Found f : Landing.list(hconf, in.path(), in.format())) {
        LocalDate snap = Landing.snapshotDate(snapshotOption, f.path(), f.modified());
        Long at = takenAt.get(f.path() + "|" + Date.valueOf(snap) + "|" + f.size());
        if (at != null && f.modified() < at) {
          skipped++;
          continue;
        }
        String sum = Landing.checksum(hconf, f.path());
        if (taken.contains(f.path() + "|" + sum + "|" + Date.valueOf(snap))) {
          skipped++;
          continue;
        }
        String fmt = "unknown".equals(f.format()) ? null : f.format();
        ReadContext ctx = new ReadContext(fmt, mapping, snap, is.snippetChars(),
            is.maxAbstractChars(), is.maxTitleChars());
        files.add(new LandingFile(f.path(), f.size(), sum, fmt, ctx));
        mappingOf.put(f.path(), in.mapping());
      }
    }
    return new Scan(files, mappingOf, skipped);
  }

  /**
   * When a batch started, from its id (bYYYYMMDDTHHMMSS-…, UTC, to the second, taken before its
   * files were listed), in epoch milliseconds; 0 for an id of another shape (never skips).
   */
  static long batchStartMillis(String batchId) {
    if (batchId == null || !batchId.matches("^b\\d{8}T\\d{6}-.*")) {
      return 0;
    }
    return java.time.LocalDateTime.parse(batchId.substring(1, 16),
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")).toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }
}
