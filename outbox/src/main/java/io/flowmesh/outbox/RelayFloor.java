package io.flowmesh.outbox;

/**
 * The outbox id at or below which every row that will ever commit has been published, so that a
 * relay batch can read {@code WHERE id > floor} instead of from the start of the table.
 *
 * <p>Why: the relay deletes what it published, and until vacuum runs the id index keeps the deleted
 * rows' entries. A batch read from the start walks all of them, and at a paced load (one small
 * batch per commit, a minute of deletes between vacuums) that walk was most of the relay's time in
 * PostgreSQL. Starting at the floor skips them.
 *
 * <p>Why the floor cannot simply be the last id published: ids are drawn when a row is inserted,
 * and a transaction that drew a lower id can commit after a higher one was published. Such a row
 * must still be found, and before any later row of its key, so the floor may only pass an id once
 * nothing that could hold it is still running:
 *
 * <ol>
 *   <li>A writer's transaction gets its xid before it draws its first id ({@link Outbox}'s insert
 *       asks for it in the same one-time filter that takes the key locks).
 *   <li>A batch reads the id sequence's last value {@code s}. Any row with an id up to {@code s}
 *       belongs to a transaction whose xid was assigned before that read.
 *   <li>A later batch's own xid {@code r} is assigned after that read, so it is higher than every
 *       such writer's xid: {@code (s, r)} is a candidate.
 *   <li>Once a batch's snapshot has {@code xmin > r}, every transaction up to {@code r} has ended:
 *       every row up to {@code s} is committed and visible to that snapshot, or will never exist.
 *       The ids up to {@code s} are settled.
 *   <li>Rows are read in id order from the floor. After a batch that read settled ids commits, the
 *       floor moves to the last settled id it covered: {@code s} if the batch was not full, else
 *       its last row's id if that is lower.
 * </ol>
 *
 * A late row's id is above the floor, so a later batch reads it; and a later row of its key was
 * drawn only after it committed (the key lock), so a batch that sees the later row sees it too, in
 * id order. Kept by the relay's one thread; starts at zero, so a new relay reads from the start
 * once.
 */
final class RelayFloor {

  private long floor;

  /** Ids up to here are settled (no transaction that could hold one is still running). */
  private long settled;

  /** The sequence value read by the previous batch, waiting for a later batch's xid. */
  private long sequenceSeen = -1;

  /** A candidate {@code (s, r)}: settled through {@code candidateSequence} once xmin passes r. */
  private long candidateSequence = -1;

  private long candidateXid = -1;

  /** The lowest id a batch needs to read: every id above the floor. */
  long floor() {
    return floor;
  }

  /**
   * What one batch learnt, applied only once its transaction committed. Returns the floor to keep
   * if it commits.
   *
   * @param sequenceLast the id sequence's last value read by the batch (0 if none was drawn yet)
   * @param batchXid the batch transaction's own xid
   * @param snapshotXmin the xmin of the snapshot the batch read its rows with
   * @param lastRowId the id of the batch's last row, or 0 if it had none
   * @param full whether the batch was cut by its size limit
   */
  long afterBatch(
      long sequenceLast, long batchXid, long snapshotXmin, long lastRowId, boolean full) {
    if (candidateXid >= 0 && snapshotXmin > candidateXid) {
      settled = Math.max(settled, candidateSequence);
      candidateXid = -1;
    }
    if (candidateXid < 0 && sequenceSeen >= 0) {
      // a new candidate only once the last one settled, so that a steady stream of batches cannot
      // keep replacing it with one that never settles
      candidateSequence = sequenceSeen;
      candidateXid = batchXid;
    }
    sequenceSeen = sequenceLast;
    long covered = full ? Math.min(settled, lastRowId) : settled;
    return Math.max(floor, covered);
  }

  /** The batch that {@link #afterBatch} was told about committed. */
  void committed(long newFloor) {
    floor = newFloor;
  }
}
