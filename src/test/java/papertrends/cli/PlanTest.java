package papertrends.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan jobs/papertrends evaluates: the driver's JVM flags come from the config. */
class PlanTest {
  /** What bash makes of the plan's lines: the value of one variable after eval. */
  static String evaluated(String plan, String variable) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "eval \"$1\"; printf '%s' \"${!2}\"", "plan",
        plan, variable).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void theDriverGetsTheConfiguredGcAndJitFlagsAfterSparksModuleFlags() throws Exception {
    String plan = Plan.lines(null, List.of());
    String flags = evaluated(plan, "PT_JVM_FLAGS");
    assertTrue(flags.startsWith(Plan.jvmFlags() + " "), flags);
    assertTrue(flags.endsWith(" -XX:+UseParallelGC -XX:Tier4InvocationThreshold=250000"
        + " -XX:Tier4MinInvocationThreshold=30000 -XX:Tier4CompileThreshold=750000"
        + " -XX:Tier4BackEdgeThreshold=500000"), flags);
    assertEquals(flags, Plan.jvmFlags() + " " + evaluated(plan, "PT_DRIVER_JVM_FLAGS"));
  }

  @Test
  void emptyFlagsLeaveTheJvmDefaultsAndQuotedFlagsSurviveTheShell() throws Exception {
    String none = Plan.lines(null, List.of("papertrends.spark.driver-jvm-flags=\"\""));
    assertEquals(Plan.jvmFlags(), evaluated(none, "PT_JVM_FLAGS"));
    assertFalse(none.contains("UseParallelGC"), none);
    String odd = Plan.lines(null, List.of(
        "papertrends.spark.driver-jvm-flags=\"-Dpt.note='it''s' -Xss4m\""));
    assertEquals("-Dpt.note='it''s' -Xss4m", evaluated(odd, "PT_DRIVER_JVM_FLAGS"));
  }
}
