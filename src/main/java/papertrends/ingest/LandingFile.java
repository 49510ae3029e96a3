package papertrends.ingest;

import java.io.Serializable;
import java.time.LocalDate;
import papertrends.ingest.readers.ReadContext;

/**
 * One landing file chosen for a batch, with what its reader needs.
 *
 * @param path the file's fully qualified path (file:/…, hdfs://…, s3a://…)
 * @param size bytes
 * @param checksum hex SHA-256 of the bytes
 * @param format the format that reads it, or null when none recognises it (rejected)
 * @param ctx limits, mapping and snapshot date
 */
public record LandingFile(String path, long size, String checksum, String format,
    ReadContext ctx) implements Serializable {}
