package dev.hanlm.studio.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * An empty database of one kind for one test, made when the test first uses it: {@link #open()} opens it as the server
 * does (migrations included), {@link #connect()} gives plain JDBC beside the stores.
 */
public final class TestDatabase {
    /** Where a database is. */
    record Location(String url, String user, String password) {}

    private final String kind;
    private final Supplier<Location> make;
    private Location location;

    TestDatabase(String kind, Supplier<Location> make) {
        this.kind = kind;
        this.make = make;
    }

    /** Opens the database, migrating it; every call opens the same one. */
    public Database open() {
        Location at = location();
        return Database.open(at.url(), at.user(), at.password());
    }

    public Connection connect() throws SQLException {
        Location at = location();
        return DriverManager.getConnection(at.url(), at.user(), at.password());
    }

    public String url() {
        return location().url();
    }

    public String user() {
        return location().user();
    }

    public String password() {
        return location().password();
    }

    private synchronized Location location() {
        if (location == null) location = make.get();
        return location;
    }

    @Override
    public String toString() {
        return kind;
    }
}
