package io.flowmesh.gateway.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from {@code timestamptz} columns as {@link OffsetDateTime} in UTC, which the
 * PostgreSQL driver maps exactly; {@code java.sql.Timestamp} would go through the JVM's time zone.
 */
public final class Timestamps {

  private Timestamps() {}

  /** A query parameter; null stays null. */
  public static OffsetDateTime of(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  /** A column's value; null stays null. */
  public static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
