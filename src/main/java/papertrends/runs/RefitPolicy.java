package papertrends.runs;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import papertrends.config.PipelineSettings;

/**
 * The incremental policy of the pipeline: refit the topic model, or score the new papers with
 * the pinned model of the last refit; and, after pinned scoring, whether the new papers drifted
 * so far from that model that it must be refitted after all.
 */
public final class RefitPolicy {
  public static final String REFIT = "refit";
  public static final String PINNED = "pinned";

  private RefitPolicy() {}

  /** What a run does and why; modelRunId is the pinned model's run (null for a refit). */
  public record Decision(String mode, String reason, String modelRunId) {
    public boolean refit() {
      return REFIT.equals(mode);
    }
  }

  /**
   * Decides before any work: refit when there is no model to pin, when asked, when the model's
   * settings changed, or when the last refit is refit-every-days old; otherwise pinned.
   *
   * @param modelRunId the run whose model would be pinned (null when none)
   * @param modelDate the date that model was fitted (as-of date for historical runs)
   * @param today the date of this run (as-of date for historical runs)
   */
  public static Decision decide(PipelineSettings s, String modelRunId, LocalDate modelDate,
      LocalDate today, boolean forceRefit, boolean settingsChanged) {
    if (modelRunId == null) {
      return new Decision(REFIT, "no earlier succeeded run to pin", null);
    }
    if (forceRefit) {
      return new Decision(REFIT, "refit asked for (--refit)", null);
    }
    if (settingsChanged) {
      return new Decision(REFIT, "feature or topic settings differ from those of run "
          + modelRunId, null);
    }
    long days = ChronoUnit.DAYS.between(modelDate, today);
    if (days >= s.refitEveryDays()) {
      return new Decision(REFIT, "last refit (run " + modelRunId + ") is " + days
          + " day(s) old, refit-every-days = " + s.refitEveryDays(), null);
    }
    return new Decision(PINNED, "last refit (run " + modelRunId + ") is " + days
        + " day(s) old (< refit-every-days = " + s.refitEveryDays() + "): its model scores",
        modelRunId);
  }

  /**
   * After pinned scoring: the reason to refit, when the new papers' out-of-vocabulary token
   * share or their log-perplexity under the pinned model passes its threshold.
   */
  public static Optional<String> drift(PipelineSettings s, Drift.Measure m) {
    if (m.newDocs() == 0) {
      return Optional.empty();
    }
    if (m.oovShare() > s.maxOovShare()) {
      return Optional.of(String.format(Locale.ROOT, "out-of-vocabulary share of the %d new"
          + " papers %.3f > max-oov-share %.3f", m.newDocs(), m.oovShare(), s.maxOovShare()));
    }
    if (!Double.isNaN(m.newLogPerplexity()) && !Double.isNaN(m.modelLogPerplexity())
        && m.newLogPerplexity() - m.modelLogPerplexity() > s.maxPerplexityIncrease()) {
      return Optional.of(String.format(Locale.ROOT, "log-perplexity of the %d new papers %.3f"
          + " exceeds the model's %.3f by more than max-perplexity-increase %.3f", m.newDocs(),
          m.newLogPerplexity(), m.modelLogPerplexity(), s.maxPerplexityIncrease()));
    }
    return Optional.empty();
  }

  /** Days between two dates (for messages and tests). */
  static long daysBetween(LocalDate a, LocalDate b) {
    return ChronoUnit.DAYS.between(a, b);
  }
}
