/**
 * Cursor pagination for list endpoints: a controller turns its {@code limit} and {@code cursor}
 * query parameters into a {@link io.flowmesh.web.paging.PageRequest}, its repository fetches {@link
 * io.flowmesh.web.paging.PageRequest#fetchSize()} rows after {@link
 * io.flowmesh.web.paging.PageRequest#after()}, and {@link io.flowmesh.web.paging.PageRequest#page}
 * cuts them into the {@link io.flowmesh.web.paging.Page} the endpoint returns.
 */
package io.flowmesh.web.paging;
