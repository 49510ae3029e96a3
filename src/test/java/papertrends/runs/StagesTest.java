package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stages record of a run: attempts counted, a retry replaces the failed state. */
class StagesTest {
  static final Instant T0 = Instant.parse("2026-12-02T04:00:00Z");

  @Test
  void aStageKilledOnceAndRetriedShowsTwoAttemptsAndItsLastTime() {
    String json = Stages.begin("{}", "features", T0);
    json = Stages.end(json, "features", T0.plusSeconds(12), null);
    json = Stages.begin(json, "topics", T0.plusSeconds(13));
    json = Stages.end(json, "topics", T0.plusSeconds(20), "killed");
    assertEquals(Stages.FAILED, Stages.state(json, "topics"));
    json = Stages.begin(json, "topics", T0.plusSeconds(30));
    assertEquals(2, Stages.attempts(json, "topics"));
    assertEquals("features done 12s, topics running (2 attempts)",
        ModelRun.stagesSummary(json));
    json = Stages.end(json, "topics", T0.plusSeconds(77), null);
    json = Stages.begin(json, "trends", T0.plusSeconds(78));
    assertEquals("features done 12s, topics done 47s (2 attempts), trends running",
        ModelRun.stagesSummary(json));
    assertEquals("", ModelRun.stagesSummary(null));
  }
}
