package io.flowmesh.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RelayFloorTest {

  private final RelayFloor floor = new RelayFloor();

  /** One batch that commits: what afterBatch returns becomes the floor. */
  private long batch(long sequenceLast, long xid, long xmin, long lastRowId, boolean full) {
    long next = floor.afterBatch(sequenceLast, xid, xmin, lastRowId, full);
    floor.committed(next);
    return next;
  }

  @Test
  void settlesTheSequenceValueOfABatchOnceEveryTransactionUpToALaterBatchsXidHasEnded() {
    assertThat(batch(10, 100, 100, 10, false)).as("nothing is settled by one batch").isZero();
    assertThat(batch(12, 105, 101, 12, false))
        .as("candidate (10, 105): xmin 101 does not pass 105 yet")
        .isZero();
    assertThat(batch(12, 107, 106, 0, false))
        .as("xmin 106 passes 105: ids to 10 settled")
        .isEqualTo(10);
    assertThat(batch(12, 109, 108, 0, false))
        .as("next candidate (12, 107) settles the same way")
        .isEqualTo(12);
  }

  @Test
  void anOpenOldTransactionHoldsTheFloorHoweverManyBatchesPass() {
    // a writer with xid 50 stays open: every snapshot's xmin stays at 50
    for (int batch = 0; batch < 20; batch++) {
      assertThat(batch(10 + batch, 100 + batch, 50, 10 + batch, false)).isZero();
    }
    // it ends: the first candidate, (10, 101), settles
    assertThat(batch(40, 130, 130, 40, false)).isEqualTo(10);
  }

  @Test
  void aFullBatchMovesTheFloorOnlyAsFarAsItsLastRow() {
    batch(1_000, 100, 100, 0, false);
    batch(1_000, 101, 101, 0, false);
    assertThat(batch(1_000, 102, 102, 400, true))
        .as("settled to 1,000 but the batch read only to 400")
        .isEqualTo(400);
    assertThat(batch(1_000, 103, 103, 900, false)).isEqualTo(1_000);
  }

  @Test
  void aBatchThatRollsBackLeavesTheFloorWhereItWas() {
    batch(10, 100, 100, 10, false);
    long wouldBe = floor.afterBatch(10, 101, 101, 10, false);
    assertThat(wouldBe).isEqualTo(0);
    long settled = floor.afterBatch(10, 103, 102, 10, false);
    assertThat(settled).isEqualTo(10);
    // neither committed
    assertThat(floor.floor()).isZero();
    assertThat(batch(10, 104, 104, 0, false)).isEqualTo(10);
  }

  @Test
  void neverMovesBack() {
    batch(10, 100, 100, 0, false);
    batch(10, 101, 101, 0, false);
    assertThat(batch(10, 102, 102, 0, false)).isEqualTo(10);
    assertThat(batch(10, 103, 103, 5, true))
        .as("a full batch ending below the floor")
        .isEqualTo(10);
  }
}
