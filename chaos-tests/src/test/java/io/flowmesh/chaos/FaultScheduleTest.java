package io.flowmesh.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowmesh.chaos.FaultSchedule.Fault;
import io.flowmesh.chaos.FaultSchedule.Kind;
import io.flowmesh.launcher.services.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

  @Test
  void theFirstRoundsOfTheTwoLanesHitEveryKindOnceHoweverShortTheRun() {
    for (long seed = 0; seed < 50; seed++) {
      List<Fault> firstRounds = new ArrayList<>();
      for (FaultSchedule lane : FaultSchedule.lanes(seed, Duration.ofSeconds(14))) {
        firstRounds.addAll(draw(lane, lane.firstRoundSize()));
      }

      assertThat(firstRounds).extracting(Fault::kind).containsExactlyInAnyOrder(Kind.values());
    }
  }

  @Test
  void aLaneDrawsOnlyItsOwnKinds() {
    List<Fault> infrastructure = draw(FaultSchedule.lanes(3, Duration.ofSeconds(14)).get(0), 100);

    assertThat(infrastructure)
        .extracting(Fault::kind)
        .containsOnly(Kind.KAFKA_KILL, Kind.POSTGRES_KILL);
  }

  @Test
  void theSameSeedGivesTheSameFaultsWithTheSameTargetsAndTimings() {
    List<Fault> first =
        draw(new FaultSchedule(42, Duration.ofSeconds(14), List.of(Kind.values())), 30);
    List<Fault> again =
        draw(new FaultSchedule(42, Duration.ofSeconds(14), List.of(Kind.values())), 30);
    List<Fault> other =
        draw(new FaultSchedule(43, Duration.ofSeconds(14), List.of(Kind.values())), 30);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void killsAndPausesNameAServiceAndAPauseOutlastsTheSessionTimeout() {
    List<Fault> faults = draw(FaultSchedule.lanes(7, Duration.ofSeconds(14)).get(1), 200);

    assertThat(faults)
        .filteredOn(f -> f.kind() == Kind.SERVICE_KILL || f.kind() == Kind.SERVICE_PAUSE)
        .allSatisfy(f -> assertThat(f.service()).isNotNull());
    assertThat(faults)
        .filteredOn(f -> f.kind() == Kind.SERVICE_PAUSE)
        .allSatisfy(f -> assertThat(f.length()).isEqualTo(Duration.ofSeconds(14)));
    // any service: over a long run every one is hit
    assertThat(faults.stream().map(Fault::service).filter(Objects::nonNull).distinct())
        .containsExactlyInAnyOrder(Service.values());
  }

  @Test
  void afterTheFirstRoundTheFaultsLeaveTheLoadAWhileInBetween() {
    FaultSchedule lane = FaultSchedule.lanes(11, Duration.ofSeconds(14)).get(0);
    List<Fault> firstRound = draw(lane, lane.firstRoundSize());
    List<Fault> later = draw(lane, 50);

    assertThat(firstRound.getFirst().gap()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(firstRound.subList(1, firstRound.size()))
        .allSatisfy(f -> assertThat(f.gap()).isLessThan(Duration.ofSeconds(2)));
    assertThat(later)
        .allSatisfy(f -> assertThat(f.gap()).isGreaterThanOrEqualTo(Duration.ofSeconds(5)));
  }

  private static List<Fault> draw(FaultSchedule schedule, int count) {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      faults.add(schedule.next());
    }
    return faults;
  }
}
