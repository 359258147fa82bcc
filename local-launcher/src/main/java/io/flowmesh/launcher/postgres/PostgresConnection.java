package io.flowmesh.launcher.postgres;

/**
 * How services reach a PostgreSQL database.
 *
 * @param jdbcUrl JDBC URL of the database the services share
 * @param username user name
 * @param password password
 */
public record PostgresConnection(String jdbcUrl, String username, String password) {}
