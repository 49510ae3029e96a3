package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import papertrends.config.PipelineSettings;

/** The incremental policy: when the pipeline refits and when it scores with the pinned model. */
class RefitPolicyTest {
  static final PipelineSettings WEEKLY = new PipelineSettings(7, 0.25, 0.5);
  static final LocalDate DAY = LocalDate.of(2026, 3, 10);

  @Test
  void firstRunRefits() {
    RefitPolicy.Decision d = RefitPolicy.decide(WEEKLY, null, null, DAY, false, false);
    assertTrue(d.refit());
  }

  @Test
  void youngModelIsPinnedOldModelIsRefitted() {
    RefitPolicy.Decision young = RefitPolicy.decide(WEEKLY, "r1", DAY.minusDays(6), DAY, false,
        false);
    assertEquals(RefitPolicy.PINNED, young.mode());
    assertEquals("r1", young.modelRunId());
    RefitPolicy.Decision old = RefitPolicy.decide(WEEKLY, "r1", DAY.minusDays(7), DAY, false,
        false);
    assertTrue(old.refit(), old.reason());
    assertTrue(old.reason().contains("7 day(s)"), old.reason());
  }

  @Test
  void changedModelSettingsOrRefitFlagRefit() {
    assertTrue(RefitPolicy.decide(WEEKLY, "r1", DAY, DAY, false, true).refit());
    assertTrue(RefitPolicy.decide(WEEKLY, "r1", DAY, DAY, true, false).refit());
    assertTrue(RefitPolicy.decide(new PipelineSettings(0, 0.25, 0.5), "r1", DAY, DAY, false,
        false).refit());
  }

  @Test
  void driftPastEitherThresholdAsksForARefit() {
    assertTrue(RefitPolicy.drift(WEEKLY, new Drift.Measure(10, 0.10, 7.2, 7.0)).isEmpty());
    String oov = RefitPolicy.drift(WEEKLY, new Drift.Measure(10, 0.30, 7.2, 7.0)).orElseThrow();
    assertTrue(oov.contains("out-of-vocabulary"), oov);
    String perp = RefitPolicy.drift(WEEKLY, new Drift.Measure(10, 0.10, 7.6, 7.0)).orElseThrow();
    assertTrue(perp.contains("log-perplexity"), perp);
    assertTrue(RefitPolicy.drift(WEEKLY, new Drift.Measure(0, 0.9, 9, 7)).isEmpty(),
        "no new papers: nothing drifted");
  }

  @Test
  void modelSettingsCompareFeaturesAndTopicsOnly() {
    String a = "{\"topics\":{\"k\":5,\"seed\":42},\"features\":{\"min-doc-freq\":3},"
        + "\"warehouse\":\"/a\"}";
    String b = "{\"topics\":{\"k\":5,\"seed\":42},\"features\":{\"min-doc-freq\":3},"
        + "\"warehouse\":\"/b\"}";
    String c = "{\"topics\":{\"k\":6,\"seed\":42},\"features\":{\"min-doc-freq\":3}}";
    assertFalse(RunHistory.modelSettingsDiffer(a, b));
    assertTrue(RunHistory.modelSettingsDiffer(a, c));
  }

  @Test
  void backfillStepsCoverTheRangeInclusive() {
    // month ends stay month ends (from the first date, not step by step)
    assertEquals(List.of(LocalDate.of(2020, 1, 31), LocalDate.of(2020, 2, 29),
        LocalDate.of(2020, 3, 31)), Replay.steps(LocalDate.of(2020, 1, 31),
        LocalDate.of(2020, 3, 31), "month"));
    assertEquals(3, Replay.steps(LocalDate.of(2018, 12, 31), LocalDate.of(2020, 12, 31), "year")
        .size());
    assertEquals(8, Replay.steps(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 1, 8), "day")
        .size());
  }
}
