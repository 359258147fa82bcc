package io.flowmesh.web.paging;

import java.util.List;

/**
 * One page of a list, as every list endpoint returns it.
 *
 * @param items the page's items, in the list's order
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextCursor) {}
