package io.flowmesh.client;

import java.util.List;

/**
 * One page of a list. Pass {@code nextCursor} as the cursor of the next request; it is null on the
 * last page.
 *
 * @param items the page's items
 * @param nextCursor where the next page starts; null on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextCursor) {

  /** The page with its items copied. */
  public Page {
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** True if more pages follow. */
  public boolean hasNext() {
    return nextCursor != null;
  }
}
