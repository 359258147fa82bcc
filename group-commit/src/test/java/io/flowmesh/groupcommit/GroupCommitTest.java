package io.flowmesh.groupcommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  /** Stands in for a transaction: records each group it wrote, refuses one holding "bad". */
  private final List<List<String>> groupsWritten = Collections.synchronizedList(new ArrayList<>());

  private final List<String> writtenAlone = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch firstGroupMayFinish = new CountDownLatch(1);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    firstGroupMayFinish.countDown();
    callers.shutdownNow();
  }

  private List<String> writeAll(List<String> group) {
    if (group.contains("first")) {
      await().until(() -> firstGroupMayFinish.await(10, TimeUnit.SECONDS));
    }
    if (group.contains("bad")) {
      throw new IllegalStateException("the group holds a bad write");
    }
    groupsWritten.add(List.copyOf(group));
    return group.stream().map(item -> item + " written").toList();
  }

  private String writeAlone(String item) {
    if (item.equals("bad")) {
      throw new IllegalArgumentException("bad alone");
    }
    writtenAlone.add(item);
    return item + " written alone";
  }

  private GroupCommit<String, String> groupCommit(int maxGroupSize) {
    return new GroupCommit<>(maxGroupSize, this::writeAll, this::writeAlone, groupSizes::add);
  }

  @Test
  void aWriteThatArrivesAloneIsWrittenAtOnceInAGroupOfOne() {
    GroupCommit<String, String> commit = groupCommit(8);

    assertThat(commit.write("a")).isEqualTo("a written");

    assertThat(groupsWritten).containsExactly(List.of("a"));
    assertThat(groupSizes).containsExactly(1);
  }

  @Test
  void writesThatQueueWhileAGroupIsWrittenShareTheNextGroupUpToItsSize() throws Exception {
    GroupCommit<String, String> commit = groupCommit(3);
    Future<String> first = callers.submit(() -> commit.write("first"));
    await().until(() -> !groupSizes.isEmpty());
    List<Future<String>> queued = new ArrayList<>();
    for (String item : List.of("b", "c", "d", "e")) {
      queued.add(callers.submit(() -> commit.write(item)));
    }
    await().until(() -> commit.queued() == 4);

    firstGroupMayFinish.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first written");
    List<String> results = new ArrayList<>();
    for (Future<String> future : queued) {
      results.add(future.get(10, TimeUnit.SECONDS));
    }
    assertThat(results).containsExactly("b written", "c written", "d written", "e written");
    assertThat(groupSizes).containsExactly(1, 3, 1);
    assertThat(groupsWritten.get(1)).hasSize(3);
    assertThat(writtenAlone).isEmpty();
  }

  @Test
  void aFailedGroupIsWrittenAgainOneByOneSoOnlyTheBadWriteFails() throws Exception {
    GroupCommit<String, String> commit = groupCommit(8);
    Future<String> first = callers.submit(() -> commit.write("first"));
    await().until(() -> !groupSizes.isEmpty());
    Future<String> good = callers.submit(() -> commit.write("good"));
    Future<String> bad = callers.submit(() -> commit.write("bad"));
    await().until(() -> commit.queued() == 2);

    firstGroupMayFinish.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first written");
    assertThat(good.get(10, TimeUnit.SECONDS)).isEqualTo("good written alone");
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("bad alone");
    assertThat(groupSizes).containsExactly(1, 2);
    assertThat(writtenAlone).containsExactly("good");
  }

  @Test
  void aGroupOfOneReportsItsOwnErrorWithoutWritingAgain() {
    GroupCommit<String, String> commit = groupCommit(8);

    assertThatThrownBy(() -> commit.write("bad"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the group holds a bad write");
    assertThat(writtenAlone).isEmpty();
  }

  @Test
  void aGroupSizeOfOneWritesEveryWriteAlone() {
    GroupCommit<String, String> commit = groupCommit(1);

    assertThat(commit.write("a")).isEqualTo("a written alone");

    assertThat(groupsWritten).isEmpty();
    assertThat(groupSizes).isEmpty();
  }

  @Test
  void aGroupWriterThatLosesResultsFailsTheGroupInsteadOfAnsweringWrongly() {
    GroupCommit<String, String> commit =
        new GroupCommit<>(8, group -> List.of(), this::writeAlone, groupSizes::add);

    assertThatThrownBy(() -> commit.write("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("A group of 1 writes gave 0 results");
  }
}
