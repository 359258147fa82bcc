/**
 * {@link io.flowmesh.groupcommit.GroupCommit}: writes that arrive together share one transaction,
 * written by one of their own threads; a failed group is written again one by one.
 */
package io.flowmesh.groupcommit;
