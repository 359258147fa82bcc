package io.flowmesh.web.paging;

import io.flowmesh.web.InvalidRequestException;
import io.flowmesh.web.InvalidRequestException.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset pagination over a list ordered by one unique text key. The cursor is opaque to clients: it
 * encodes the key of the last item they saw, so a page is one index range scan and inserts between
 * requests never shift or repeat items.
 *
 * @param limit the page size
 * @param after the key after which the page starts; empty for the first page
 */
public record PageRequest(int limit, String after) {

  /** Page size when the client gives none. */
  public static final int DEFAULT_LIMIT = 50;

  /** Largest page a client may ask for. */
  public static final int MAX_LIMIT = 200;

  /** Distinguishes our cursors from arbitrary strings, and lets the format change later. */
  private static final String VERSION = "1:";

  /**
   * Validates the query parameters of a list request.
   *
   * @param limit the requested page size, between 1 and {@link #MAX_LIMIT}
   * @param cursor the {@link Page#nextCursor()} of the previous page; null or empty for the first
   * @return the request, with the cursor decoded to the key to start after
   * @throws InvalidRequestException naming each bad parameter
   */
  public static PageRequest of(int limit, String cursor) {
    List<FieldProblem> problems = new ArrayList<>();
    if (limit < 1 || limit > MAX_LIMIT) {
      problems.add(new FieldProblem("limit", "must be between 1 and " + MAX_LIMIT));
    }
    String after = cursor == null || cursor.isEmpty() ? "" : decode(cursor);
    if (after == null) {
      problems.add(new FieldProblem("cursor", "is not a cursor returned by this API"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return new PageRequest(limit, after);
  }

  /**
   * How many rows to fetch: one more than the page, to learn whether another page follows.
   *
   * @return the {@code LIMIT} for the query
   */
  public int fetchSize() {
    return limit + 1;
  }

  /**
   * Cuts the fetched rows to a page and derives the next cursor from the last item's key.
   *
   * @param fetched up to {@link #fetchSize()} rows after {@link #after()}, in key order
   * @param key the unique text key the list is ordered by
   * @param <T> the item type
   * @return the page, with a next cursor if more rows were fetched than fit
   */
  public <T> Page<T> page(List<T> fetched, Function<T, String> key) {
    if (fetched.size() <= limit) {
      return new Page<>(List.copyOf(fetched), null);
    }
    List<T> items = List.copyOf(fetched.subList(0, limit));
    return new Page<>(items, encode(key.apply(items.getLast())));
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      // PostgreSQL rejects NUL in text parameters; such a cursor is forged anyway.
      boolean ours = decoded.startsWith(VERSION) && decoded.indexOf('\0') < 0;
      return ours ? decoded.substring(VERSION.length()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
