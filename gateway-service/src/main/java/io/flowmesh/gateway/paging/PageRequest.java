package io.flowmesh.gateway.paging;

import io.flowmesh.gateway.problem.ApiProblems;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code ?limit=&cursor=} of the gateway's list endpoints, the way the services page: the cursor is
 * opaque to clients (base64url of the last item's sort key) and only ever comes from a previous
 * page's {@code nextCursor}.
 *
 * @param limit how many items at most
 * @param after the sort key of the last item of the previous page; null for the first page
 */
public record PageRequest(int limit, String after) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /** Validates the raw parameters: 400 naming the parameter when one is wrong. */
  public static PageRequest of(Integer limit, String cursor) {
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (size < 1 || size > MAX_LIMIT) {
      throw ApiProblems.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return new PageRequest(size, decode(cursor));
  }

  /** The cursor that continues after this sort key. */
  public static String cursorAfter(String sortKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!key.isEmpty() && key.length() <= 200) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // not base64url: answered below
    }
    throw ApiProblems.invalid("cursor", "is not a cursor returned by this endpoint");
  }
}
