package io.flowmesh.events.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void fiveAndSixFieldCronAndMacros() {
    Instant after = Instant.parse("2026-12-07T10:07:30Z");

    assertThat(ScheduleSpec.cron("*/15 * * * *", ZoneId.of("UTC")).next(after))
        .contains(Instant.parse("2026-12-07T10:15:00Z"));
    assertThat(ScheduleSpec.cron("45 */15 * * * *", ZoneId.of("UTC")).next(after))
        .contains(Instant.parse("2026-12-07T10:15:45Z"));
    assertThat(ScheduleSpec.cron("@hourly", ZoneId.of("UTC")).next(after))
        .contains(Instant.parse("2026-12-07T11:00:00Z"));
    assertThat(ScheduleSpec.cron("0 9 * * MON-FRI", NEW_YORK).next(after))
        .contains(Instant.parse("2026-12-07T14:00:00Z")); // 09:00 EST
    assertThatThrownBy(() -> ScheduleSpec.cron("61 * * * *", ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDailyTimeInTheSkippedHourFiresOnceOnTheSpringForwardDay() {
    ScheduleSpec daily = ScheduleSpec.cron("30 2 * * *", NEW_YORK);

    List<Instant> times = daily.upcoming(Instant.parse("2026-03-07T12:00:00Z"), 3);

    assertThat(times)
        .extracting(t -> t.atZone(NEW_YORK).toLocalDateTime().toString())
        .containsExactly("2026-03-08T03:30", "2026-03-09T02:30", "2026-03-10T02:30");
  }

  @Test
  void aDailyTimeInTheRepeatedHourFiresOnceOnTheFallBackDay() {
    ScheduleSpec daily = ScheduleSpec.cron("30 1 * * *", NEW_YORK);

    List<Instant> times = daily.upcoming(Instant.parse("2026-10-31T12:00:00Z"), 3);

    assertThat(times)
        .containsExactly(
            ZonedDateTime.parse("2026-11-01T01:30-04:00[America/New_York]").toInstant(),
            ZonedDateTime.parse("2026-11-02T01:30-05:00[America/New_York]").toInstant(),
            ZonedDateTime.parse("2026-11-03T01:30-05:00[America/New_York]").toInstant());
  }

  @Test
  void intervalsCountFromTheirAnchorAndOneShotsFireOnce() {
    Instant anchor = Instant.parse("2026-12-07T10:00:00Z");
    ScheduleSpec every = ScheduleSpec.every(Duration.ofMinutes(10), anchor);

    assertThat(every.next(Instant.parse("2026-12-07T09:00:00Z"))).contains(anchor);
    assertThat(every.next(anchor)).contains(Instant.parse("2026-12-07T10:10:00Z"));
    assertThat(every.next(Instant.parse("2026-12-07T10:25:00Z")))
        .contains(Instant.parse("2026-12-07T10:30:00Z"));

    ScheduleSpec once = ScheduleSpec.once(anchor);
    assertThat(once.next(anchor.minusSeconds(1))).contains(anchor);
    assertThat(once.next(anchor)).isEmpty();
  }
}
