package papertrends.features;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import papertrends.io.Frames;

/** Transformations of the features stage: text → tokens → terms → vocabulary and vectors. */
public final class Features {
  private Features() {}

  public static final String TEXT = "text";
  public static final String TOKENS = "tokens";
  public static final String TERMS = "terms";
  public static final String TF = "tf";
  public static final String TFIDF = "tfidf";

  static final StructType TOKENS_SCHEMA = StructType.fromDDL(
      "paper_id STRING, tokens ARRAY<STRING>");
  static final StructType TERMS_SCHEMA = StructType.fromDDL(
      "paper_id STRING, terms ARRAY<STRING>");
  static final StructType FEATURE_ROWS_SCHEMA = StructType.fromDDL(
      "paper_id STRING, terms ARRAY<STRING>, term_indices ARRAY<INT>,"
          + " term_counts ARRAY<DOUBLE>");
  static final StructType KEYWORD_SCHEMA = StructType.fromDDL(
      "paper_id STRING, term STRING, tfidf DOUBLE, rank INT");

  /**
   * A Scala Seq for an array column of a Row built in a map function: the row encoder needs a
   * Seq, and a following map may receive the row itself (Spark elides the round trip).
   */
  public static <T> scala.collection.immutable.Seq<T> seq(List<T> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
  }

  /** Keeps paper_id and adds text: the title and the abstract joined by a full stop. */
  public static Dataset<Row> withText(Dataset<Row> papers) {
    Frames.require(papers, "features", "paper_id", "title", "abstract");
    return papers.select(col("paper_id"), concat_ws(". ", coalesce(col("title"), lit("")),
        coalesce(col("abstract"), lit(""))).as(TEXT));
  }

  /**
   * Hash-partitions by paper_id into a fixed number of partitions and sorts each: the same
   * input gives the same partitions, so sampling in LDA gives the same topics.
   */
  public static Dataset<Row> partitionedByPaper(Dataset<Row> df, int partitions) {
    return df.repartition(partitions, col("paper_id")).sortWithinPartitions("paper_id");
  }

  /** Replaces text with tokens: cleaned, analysed, stopwords removed, breaks kept. */
  public static Dataset<Row> withTokens(Dataset<Row> docs, TextModel model) {
    Frames.require(docs, "withTokens", "paper_id", TEXT);
    return docs.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(0),
            seq(model.tokens(TextCleaner.clean(r.getString(1))))),
        Encoders.row(TOKENS_SCHEMA));
  }

  /**
   * Each plural key with its most frequent surface form (ties: the alphabetically first). The
   * counts of (key, form) are collected and the forms picked on the driver: a corpus has tens of
   * thousands of distinct words, and a window over them would be one more shuffle and sort.
   */
  public static Map<String, String> surfaceForms(Dataset<Row> tokens) {
    Frames.require(tokens, "surfaceForms", TOKENS);
    UDF1<String, String> fold = Terms::foldKey;
    Map<String, String> best = new HashMap<>();
    Map<String, Long> bestCount = new HashMap<>();
    for (Row r : tokens.select(explode(col(TOKENS)).as("term"))
        .where(col("term").notEqual(Terms.BREAK))
        .withColumn("key", udf(fold, DataTypes.StringType).apply(col("term")))
        .groupBy("key", "term").agg(count(lit(1)).as("n")).collectAsList()) {
      String key = r.getString(0);
      String term = r.getString(1);
      long n = r.getLong(2);
      Long seen = bestCount.get(key);
      if (seen == null || n > seen || (n == seen && term.compareTo(best.get(key)) < 0)) {
        best.put(key, term);
        bestCount.put(key, n);
      }
    }
    return best;
  }

  /** Tokens mapped to their display forms. */
  public static Dataset<Row> withDisplayTokens(Dataset<Row> tokens, TextModel model) {
    return tokens.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(0),
            seq(model.displayTokens(r.getList(1)))),
        Encoders.row(TOKENS_SCHEMA));
  }

  /** Replaces display tokens with terms: phrases merged, breaks dropped. */
  public static Dataset<Row> withTerms(Dataset<Row> display, TextModel model) {
    return display.map((MapFunction<Row, Row>) r -> RowFactory.create(r.getString(0),
            seq(model.terms(r.getList(1)))),
        Encoders.row(TERMS_SCHEMA));
  }

  /**
   * The pruned vocabulary: terms in at least minDocFreq and at most maxShare of the documents,
   * the vocabSize with the highest document frequency, ties broken by term.
   */
  public static Dataset<Row> vocabulary(Dataset<Row> terms, long docs, int minDocFreq,
      double maxShare, int vocabSize) {
    Frames.require(terms, "vocabulary", TERMS);
    long maxDf = (long) Math.floor(maxShare * docs);
    return terms.select(explode(array_distinct(col(TERMS))).as("term"))
        .groupBy("term").agg(count(lit(1)).as("doc_freq"))
        .where(col("doc_freq").geq(minDocFreq).and(col("doc_freq").leq(Math.max(1, maxDf))))
        .orderBy(col("doc_freq").desc(), col("term")).limit(vocabSize);
  }

  /** doc_features columns from the count vectors: paper_id, terms, term_indices, term_counts. */
  public static Dataset<Row> docFeatureRows(Dataset<Row> vectors) {
    Frames.require(vectors, "docFeatureRows", "paper_id", TERMS, TF);
    return vectors.select("paper_id", TERMS, TF).map((MapFunction<Row, Row>) r -> {
      SparseVector v = ((Vector) r.get(2)).toSparse();
      List<Integer> idx = new ArrayList<>(v.indices().length);
      List<Double> val = new ArrayList<>(v.indices().length);
      for (int i = 0; i < v.indices().length; i++) {
        idx.add(v.indices()[i]);
        val.add(v.values()[i]);
      }
      return RowFactory.create(r.getString(0), r.get(1), seq(idx), seq(val));
    }, Encoders.row(FEATURE_ROWS_SCHEMA));
  }

  /** Each paper's top TF-IDF terms: paper_id, term, tfidf, rank (1 = top; ties by term). */
  public static Dataset<Row> docKeywords(Dataset<Row> vectors, String[] vocab, int perDoc) {
    Frames.require(vectors, "docKeywords", "paper_id", TFIDF);
    return vectors.select("paper_id", TFIDF).flatMap((FlatMapFunction<Row, Row>) r -> {
      SparseVector v = ((Vector) r.get(1)).toSparse();
      List<int[]> order = new ArrayList<>();
      for (int i = 0; i < v.indices().length; i++) {
        if (v.values()[i] > 0) {
          order.add(new int[] {i});
        }
      }
      order.sort((a, b) -> {
        int c = Double.compare(v.values()[b[0]], v.values()[a[0]]);
        return c != 0 ? c : vocab[v.indices()[a[0]]].compareTo(vocab[v.indices()[b[0]]]);
      });
      List<Row> out = new ArrayList<>();
      for (int j = 0; j < Math.min(perDoc, order.size()); j++) {
        int i = order.get(j)[0];
        out.add(RowFactory.create(r.getString(0), vocab[v.indices()[i]], v.values()[i], j + 1));
      }
      return out.iterator();
    }, Encoders.row(KEYWORD_SCHEMA));
  }

  /** How many rows {@link #docKeywords} gives: each paper's positive TF-IDF terms, perDoc at most. */
  public static long keywordCount(Dataset<Row> vectors, int perDoc) {
    Frames.require(vectors, "keywordCount", TFIDF);
    return vectors.select(TFIDF).toJavaRDD().map(r -> {
      SparseVector v = ((Vector) r.get(0)).toSparse();
      long n = 0;
      for (double x : v.values()) {
        if (x > 0) {
          n++;
        }
      }
      return Math.min((long) perDoc, n);
    }).fold(0L, Long::sum);
  }
}
