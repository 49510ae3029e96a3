package papertrends.trends;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.testing.TestSpark;

/**
 * Planted trends over 13 months (one empty): the growing topic is hot and ranked first, the
 * shrinking one cold, the still ones steady; a term new in September 2025 is first seen and
 * rising there; group-by category rows agree with the all-groups rows.
 */
@Tag("pipeline")
class TrendsJobTest {
  @TempDir
  static Path dir;
  static PlantedCorpus corpus;
  static TrendsJob.Result result;
  static Dataset<Row> topics;
  static Dataset<Row> terms;

  @BeforeAll
  static void plantAndRun() {
    Settings settings = TestSpark.settings(dir.resolve("wh"),
        "papertrends.trends.granularity=month", "papertrends.trends.group-by=category");
    Warehouse w = new Warehouse(TestSpark.session(), settings);
    corpus = new PlantedCorpus().write(w);
    result = new papertrends.runs.RunStages(TestSpark.session(), settings, corpus.runId)
        .trends();
    topics = w.read(Tables.TOPIC_TRENDS).where(col("run_id").equalTo(corpus.runId)).cache();
    terms = w.read(Tables.TERM_TRENDS).where(col("run_id").equalTo(corpus.runId)).cache();
  }

  private static Dataset<Row> all(Dataset<Row> rows) {
    return rows.where(col("group_key").isNull());
  }

  private static Date month(int m) {
    return Date.valueOf(PlantedCorpus.month(m));
  }

  @Test
  void everyMonthOfTheRunsCorpusIsAPeriodEmptyOnesWithZeros() {
    List<Row> periods = all(topics).groupBy("period_start").agg(
            org.apache.spark.sql.functions.count("*"),
            org.apache.spark.sql.functions.max("period_docs"))
        .orderBy("period_start").collectAsList();
    assertEquals(PlantedCorpus.MONTHS, periods.size(), "p0 moved to 2027 after the run started");
    assertEquals(PlantedCorpus.MONTHS, result.periods());
    for (int m = 0; m < PlantedCorpus.MONTHS; m++) {
      assertEquals(month(m), periods.get(m).getDate(0));
      assertEquals(PlantedCorpus.K, periods.get(m).getLong(1));
      assertEquals(corpus.docs(m), periods.get(m).getLong(2));
    }
    List<Row> empty = all(topics).where(col("period_start").equalTo(month(
        PlantedCorpus.EMPTY_MONTH))).collectAsList();
    assertEquals(PlantedCorpus.K, empty.size());
    for (Row r : empty) {
      assertEquals(0L, r.<Long>getAs("doc_count"));
      assertEquals(0.0, r.<Double>getAs("weight_sum"));
      assertEquals(0.0, r.<Double>getAs("share"));
      assertTrue(r.<Boolean>getAs("low_volume"));
    }
  }

  @Test
  void sharesOfEachNonEmptyPeriodSumToOne() {
    for (Dataset<Row> rows : List.of(all(topics), topics.where(col("group_key").isNotNull()))) {
      List<Row> sums = rows.where(col("period_docs").gt(0))
          .groupBy("group_key", "period_start").agg(org.apache.spark.sql.functions.sum("share"))
          .collectAsList();
      assertFalse(sums.isEmpty());
      for (Row r : sums) {
        assertEquals(1.0, r.getDouble(2), 1e-9, "period " + r);
      }
    }
  }

  @Test
  void dominantCountsAndWeightsAreThePlantedOnes() {
    Map<String, Row> byKey = all(topics).collectAsList().stream().collect(Collectors.toMap(
        r -> r.getAs("period_start") + "/" + r.getAs("topic_id"), r -> r));
    corpus.counts.forEach((m, c) -> {
      for (int t = 0; t < PlantedCorpus.K; t++) {
        Row r = byKey.get(month(m) + "/" + t);
        assertEquals(c[t], r.<Long>getAs("doc_count"));
        double weight = c[t] * 0.8 + (PlantedCorpus.DOCS_PER_MONTH - c[t]) * 0.05;
        assertEquals(weight, r.<Double>getAs("weight_sum"), 1e-9);
        assertEquals(weight / PlantedCorpus.DOCS_PER_MONTH, r.<Double>getAs("share"), 1e-9);
        assertEquals(100 + t, r.<Integer>getAs("stable_topic_id"));
      }
    });
  }

  @Test
  void growingTopicIsHotAndFirstShrinkingColdOthersSteady() {
    List<Row> last = all(topics).where(col("period_start").equalTo(month(
            PlantedCorpus.MONTHS - 1)))
        .orderBy(col("slope").desc()).collectAsList();
    assertEquals(0, last.get(0).<Integer>getAs("topic_id"));
    assertEquals("hot", last.get(0).getAs("trend"));
    assertTrue(last.get(0).<Double>getAs("slope_pvalue") < 0.01);
    Row shrinking = last.get(last.size() - 1);
    assertEquals(1, shrinking.<Integer>getAs("topic_id"));
    assertEquals("cold", shrinking.getAs("trend"));
    for (Row r : last.subList(1, last.size() - 1)) {
      assertEquals("steady", r.getAs("trend"), "topic " + r.getAs("topic_id"));
    }
    assertEquals(1, result.hotTopics());
    assertEquals(1, result.coldTopics());
  }

  @Test
  void shareChangeIsAgainstThePreviousPeriod() {
    List<Row> t0 = all(topics).where(col("topic_id").equalTo(0)).orderBy("period_start")
        .collectAsList();
    assertNull(t0.get(0).getAs("share_change"));
    for (int i = 1; i < t0.size(); i++) {
      assertEquals(t0.get(i).<Double>getAs("share") - t0.get(i - 1).<Double>getAs("share"),
          t0.get(i).<Double>getAs("share_change"), 1e-12);
    }
  }

  @Test
  void termNewInSeptemberIsFirstSeenAndRisingThere() {
    List<Row> rows = all(terms).where(col("term").equalTo(PlantedCorpus.NEW_TERM))
        .orderBy("period_start").collectAsList();
    Date from = Date.valueOf(PlantedCorpus.NEW_TERM_FROM);
    assertEquals(from, rows.get(0).getAs("period_start"), "no rows before its first period");
    assertEquals(5, rows.size(), "September 2025 to January 2026");
    for (Row r : rows) {
      assertEquals(from, r.getAs("first_seen_period"));
      assertEquals(PlantedCorpus.DOCS_PER_MONTH / 4, r.<Long>getAs("doc_freq"));
    }
    assertTrue(rows.get(0).<Boolean>getAs("is_rising"));
    assertTrue(rows.get(0).<Boolean>getAs("is_new"));
    assertFalse(rows.get(1).<Boolean>getAs("is_new"), "new only in its first period");
    assertTrue(rows.get(0).<Double>getAs("log_odds_z") >= 1.96);
    Row last = all(terms).where(col("term").equalTo(PlantedCorpus.LAST_MONTH_TERM)).first();
    assertEquals(month(PlantedCorpus.MONTHS - 1), last.getAs("first_seen_period"));
    assertTrue(last.<Boolean>getAs("is_rising"));
  }

  @Test
  void aTermInEveryPaperIsNeverRising() {
    List<Row> common = all(terms).where(col("term").equalTo(PlantedCorpus.COMMON_TERM))
        .orderBy("period_start").collectAsList();
    List<Date> occurring = new java.util.ArrayList<>();
    for (int m = 0; m < PlantedCorpus.MONTHS; m++) {
      if (corpus.docs(m) > 0) {
        occurring.add(month(m));
      }
    }
    assertEquals(occurring, common.stream().map(r -> r.<Date>getAs("period_start")).toList(),
        "sparse: a row for every month with papers, none for the empty month");
    for (Row r : common) {
      assertFalse(r.<Boolean>getAs("is_rising"), r.toString());
      int m = PlantedCorpus.month(0).until(r.<Date>getAs("period_start").toLocalDate())
          .getMonths() + 12 * PlantedCorpus.month(0).until(
          r.<Date>getAs("period_start").toLocalDate()).getYears();
      assertEquals(corpus.docs(m), r.<Long>getAs("doc_freq"));
      assertEquals(1.0, r.<Double>getAs("share"), 1e-12);
      assertFalse(r.<Boolean>getAs("is_new"), "in every period: never new");
    }
  }

  @Test
  void tfidfMassUsesVocabularyIdfAndTermCounts() {
    Row r = all(terms).where(col("term").equalTo("training")
        .and(col("period_start").equalTo(month(0)))).first();
    assertEquals(corpus.counts.get(0)[0] * 2.0, r.<Double>getAs("tfidf_mass"), 1e-9);
    // "method" is not in the vocabulary and is in every paper (twice): idf ln(481/481) = 0.
    Row m = all(terms).where(col("term").equalTo(PlantedCorpus.COMMON_TERM)
        .and(col("period_start").equalTo(month(0)))).first();
    assertEquals(0.0, m.<Double>getAs("tfidf_mass"), 1e-12);
  }

  @Test
  void categoryRowsAddUpToTheAllGroupsRows() {
    Dataset<Row> ab = topics.where(col("group_key").isin("cs.A", "cs.B"))
        .groupBy("period_start", "topic_id")
        .agg(org.apache.spark.sql.functions.sum("doc_count").as("dc"),
            org.apache.spark.sql.functions.sum("weight_sum").as("ws"),
            org.apache.spark.sql.functions.sum("period_docs").as("pd"));
    List<Row> joined = all(topics).join(ab, new String[] {"period_start", "topic_id"})
        .collectAsList();
    assertEquals(PlantedCorpus.MONTHS * PlantedCorpus.K, joined.size());
    for (Row r : joined) {
      assertEquals(r.<Long>getAs("doc_count"), r.<Long>getAs("dc"));
      assertEquals(r.<Double>getAs("weight_sum"), r.<Double>getAs("ws"), 1e-9);
      assertEquals(r.<Long>getAs("period_docs"), r.<Long>getAs("pd"));
    }
    Map<Date, Long> stat = topics.where(col("group_key").equalTo("stat.ML")
            .and(col("topic_id").equalTo(0)))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("period_start"),
            r -> r.getAs("period_docs")));
    assertEquals(PlantedCorpus.MONTHS, stat.size());
    for (int m = 0; m < PlantedCorpus.MONTHS; m++) {
      assertEquals(corpus.statMl.getOrDefault(m, 0).longValue(), stat.get(month(m)));
    }
    assertEquals(List.of("cs.A", "cs.B", "stat.ML"), terms.where(col("group_key").isNotNull())
        .select("group_key").distinct().orderBy("group_key").collectAsList().stream()
        .map(r -> r.getString(0)).toList());
    assertEquals("month", topics.select("granularity").distinct().first().getString(0));
  }
}
