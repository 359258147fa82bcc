package io.flowmesh.groupcommit;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit, as a database writes its log: writes that arrive while a group is being written
 * queue up, and then one of the waiting threads writes every write queued meanwhile (up to the
 * group size) in one transaction, so they share one commit and its statements. A write that arrives
 * alone is written at once: grouping adds no wait, only sharing. There is no writer thread and no
 * linger; the callers' own threads, which wait anyway, take turns writing.
 *
 * <p>Each write keeps its own outcome: its result, or its own error. When a group's transaction
 * fails, nothing of it was written (the {@link GroupWriter} is all or nothing), and every write of
 * that group is written again alone, on its own caller's thread, so one bad write fails only
 * itself. A group of one reports its error directly.
 *
 * <p>What a write needs from its caller's thread (its trace context, for example) has to travel in
 * the item: the group may be written on another caller's thread.
 *
 * @param <I> what is written
 * @param <O> what writing one gives back
 */
public final class GroupCommit<I, O> {

  private static final System.Logger log = System.getLogger(GroupCommit.class.getName());

  /** Writes a whole group in one transaction: all of it, or nothing and an exception. */
  @FunctionalInterface
  public interface GroupWriter<I, O> {

    /**
     * @return one result per item, in the group's order
     */
    List<O> writeAll(List<I> group);
  }

  private final int maxGroupSize;
  private final GroupWriter<I, O> writeGroup;
  private final Function<I, O> writeAlone;
  private final IntConsumer groupSizes;

  private final Queue<Pending<I, O>> queued = new ConcurrentLinkedQueue<>();

  /** Held by the thread writing a group; the others wait for it here. */
  private final ReentrantLock writer = new ReentrantLock();

  /**
   * @param maxGroupSize the most writes one transaction takes; 1 writes every one alone
   * @param writeGroup writes a group in one transaction
   * @param writeAlone writes one in a transaction of its own (a failed group's writes, again)
   * @param groupSizes told each group's size, for a meter
   */
  public GroupCommit(
      int maxGroupSize,
      GroupWriter<I, O> writeGroup,
      Function<I, O> writeAlone,
      IntConsumer groupSizes) {
    if (maxGroupSize < 1) {
      throw new IllegalArgumentException("maxGroupSize must be at least 1, not " + maxGroupSize);
    }
    this.maxGroupSize = maxGroupSize;
    this.writeGroup = writeGroup;
    this.writeAlone = writeAlone;
    this.groupSizes = groupSizes;
  }

  /**
   * Writes the item, in a transaction shared with the writes that arrive at the same time.
   *
   * @return what writing it gave back
   * @throws RuntimeException what writing it alone threw (or its group of one)
   */
  public O write(I item) {
    if (maxGroupSize == 1) {
      return writeAlone.apply(item);
    }
    Pending<I, O> mine = new Pending<>(item);
    queued.add(mine);
    while (mine.outcome == null) {
      writer.lock();
      try {
        if (mine.outcome == null) {
          writeQueued();
        }
      } finally {
        writer.unlock();
      }
    }
    return switch (mine.outcome) {
      case Outcome.Written<O> written -> written.result();
      case Outcome.Failed<O> failed -> throw failed.error();
      case Outcome.Alone<O> alone -> writeAlone.apply(item);
    };
  }

  /** Writes waiting to be written: for tests that need a group to form. */
  public int queued() {
    return queued.size();
  }

  /** Writes up to a group's worth of the queued writes, in the order they arrived. */
  private void writeQueued() {
    List<Pending<I, O>> group = new ArrayList<>();
    for (Pending<I, O> next; group.size() < maxGroupSize && (next = queued.poll()) != null; ) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    groupSizes.accept(group.size());
    try {
      List<O> results = writeGroup.writeAll(group.stream().map(Pending::item).toList());
      if (results.size() != group.size()) {
        throw new IllegalStateException(
            "A group of " + group.size() + " writes gave " + results.size() + " results");
      }
      for (int i = 0; i < group.size(); i++) {
        group.get(i).outcome = new Outcome.Written<>(results.get(i));
      }
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        group.getFirst().outcome = new Outcome.Failed<>(e);
      } else {
        log.log(
            System.Logger.Level.DEBUG,
            () -> "A group of " + group.size() + " writes failed; each is written alone",
            e);
      }
    } finally {
      // Whatever failed, no write is left waiting for an outcome that will never come.
      for (Pending<I, O> pending : group) {
        if (pending.outcome == null) {
          pending.outcome = new Outcome.Alone<>();
        }
      }
    }
  }

  /** A queued write; its outcome is set, under the writer lock, by the thread that wrote it. */
  private static final class Pending<I, O> {
    private final I item;
    private volatile Outcome<O> outcome;

    Pending(I item) {
      this.item = item;
    }

    I item() {
      return item;
    }
  }

  private sealed interface Outcome<O> {
    record Written<O>(O result) implements Outcome<O> {}

    record Failed<O>(RuntimeException error) implements Outcome<O> {}

    /** The group failed: write this one again, in a transaction of its own. */
    record Alone<O>() implements Outcome<O> {}
  }
}
