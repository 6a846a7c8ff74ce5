package org.paperbot.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test harness's PostgreSQL is a real server with what the stores rely on: separate databases, row locks. */
class PostgresServerTest {
    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = PostgresServer.shared();
    }

    @Test
    void oneServerPerJvm() {
        assertThat(PostgresServer.shared()).isSameAs(server);
        assertThat(server.user()).isEqualTo("postgres");
        assertThat(server.password()).isEmpty();
        assertThat(server.jdbcUrl("x")).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/x");
    }

    @Test
    void isPostgresql14() throws SQLException {
        try (Connection c = connect(server.jdbcUrl("postgres"))) {
            assertThat(query(c, "SELECT version()")).singleElement().asString().startsWith("PostgreSQL 14.");
        }
    }

    @Test
    void eachCreatedDatabaseIsEmptyAndSeparate() throws SQLException {
        String first = server.createDatabase();
        String second = server.createDatabase();
        try (Connection a = connect(first); Connection b = connect(second)) {
            assertThat(first).isNotEqualTo(second);
            execute(a, "CREATE TABLE notes (id INT PRIMARY KEY)");
            execute(b, "CREATE TABLE notes (id INT PRIMARY KEY)");
            execute(a, "INSERT INTO notes VALUES (1)");

            assertThat(query(a, "SELECT id FROM notes")).containsExactly("1");
            assertThat(query(b, "SELECT id FROM notes")).isEmpty();
        } finally {
            server.dropDatabase(first);
            server.dropDatabase(second);
        }
    }

    @Test
    void forUpdateSkipLockedSkipsARowLockedByAnotherTransaction() throws SQLException {
        String url = server.createDatabase();
        try (Connection first = connect(url); Connection second = connect(url)) {
            execute(first, "CREATE TABLE jobs (id INT PRIMARY KEY)");
            execute(first, "INSERT INTO jobs VALUES (1), (2)");
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            // Were SKIP LOCKED ignored, the second claim would wait for the first: fail instead of hanging.
            execute(second, "SET lock_timeout = '5s'");
            String claim = "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";

            assertThat(query(first, claim)).containsExactly("1");
            assertThat(query(second, claim)).containsExactly("2");
            assertThat(query(second, "SELECT id FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED")).containsExactly("2");

            first.commit();
            assertThat(query(second, "SELECT id FROM jobs ORDER BY id FOR UPDATE SKIP LOCKED"))
                    .containsExactly("1", "2");
            second.rollback();
        } finally {
            server.dropDatabase(url);
        }
    }

    @Test
    void dropDatabaseClosesItsConnections() throws SQLException {
        String url = server.createDatabase();
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection left = connect(url); Connection admin = connect(server.jdbcUrl("postgres"))) {
            server.dropDatabase(url);

            assertThat(query(admin, "SELECT datname FROM pg_database WHERE datname = '" + name + "'")).isEmpty();
            assertThat(left.isValid(5)).isFalse();
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
