package papertrends.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_date;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import papertrends.io.Frames;
import papertrends.io.Tables;

/** Transformations from parsed paper rows to rows of the papers table. */
public final class PaperTransforms {
  private PaperTransforms() {}

  /** Adds content_hash, first/last seen dates (the snapshot date) and the batch id. */
  public static Dataset<Row> withPaperColumns(Dataset<Row> parsed, String batchId) {
    Frames.require(parsed, "withPaperColumns", "paper_id", "title", "abstract", "snapshot_date");
    Column seen = coalesce(col("snapshot_date"), current_date());
    return parsed
        .withColumn("content_hash", sha2(concat_ws("\u0001", col("title"), col("abstract"),
            coalesce(col("doi"), lit("")),
            coalesce(col("published_date").cast("string"), lit("")),
            coalesce(col("updated_date").cast("string"), lit("")),
            concat_ws("|", coalesce(col("authors"), array())),
            concat_ws("|", coalesce(col("categories"),
                array()))), 256))
        .withColumn("first_seen_date", seen)
        .withColumn("last_seen_date", seen)
        .withColumn("ingest_batch_id", lit(batchId));
  }

  /**
   * Gives records of one work the same paper_id: a DOI already in the papers table keeps that
   * paper's id; within the batch, records sharing a DOI take the id of highest priority
   * (arxiv, then doi, pmid, openalex, others).
   */
  public static Dataset<Row> withCanonicalIds(Dataset<Row> batch, Dataset<Row> existing) {
    Frames.require(batch, "withCanonicalIds", "paper_id", "doi");
    Dataset<Row> known = existing.where(col("doi").isNotNull())
        .groupBy(lower(col("doi")).as("k_doi"))
        .agg(min(col("paper_id")).as("known_id"));
    Column prio = when(col("paper_id").startsWith("arxiv:"), lit(1))
        .when(col("paper_id").startsWith("doi:"), lit(2))
        .when(col("paper_id").startsWith("pmid:"), lit(3))
        .when(col("paper_id").startsWith("openalex:"), lit(4))
        .otherwise(lit(5));
    Dataset<Row> withKnown = batch.join(known, lower(batch.col("doi")).equalTo(known.col("k_doi")),
        "left").drop("k_doi");
    Dataset<Row> ranked = withKnown
        .withColumn("batch_id_for_doi", when(col("doi").isNull(), lit(null))
            .otherwise(first(col("paper_id")).over(
                Window.partitionBy(lower(col("doi"))).orderBy(prio, col("paper_id")))));
    return ranked
        .withColumn("paper_id", coalesce(col("known_id"), col("batch_id_for_doi"),
            col("paper_id")))
        .drop("known_id", "batch_id_for_doi");
  }

  /**
   * One row per paper_id: the newest version (latest updated or published date), then the
   * longest abstract, then the last record read.
   */
  public static Dataset<Row> dedupeWithinBatch(Dataset<Row> papers) {
    Frames.require(papers, "dedupeWithinBatch", "paper_id", "abstract", "file", "record_index");
    WindowSpec order = Window.partitionBy(col("paper_id")).orderBy(
        coalesce(col("updated_date"), col("published_date")).desc_nulls_last(),
        length(col("abstract")).desc(), col("file").desc(), col("record_index").desc());
    return papers.withColumn("rn", row_number().over(order))
        .where(col("rn").equalTo(1)).drop("rn");
  }

  /** The papers table's columns, in order. */
  public static Dataset<Row> toPapers(Dataset<Row> papers) {
    return Frames.conform(papers, Tables.PAPERS_SCHEMA, Tables.PAPERS);
  }
}
