package dev.hanlm.studio.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster for the tests, from the machine's own binaries (Debian's {@code postgresql} package):
 * made in a temporary directory, listening on a free port of 127.0.0.1 with its socket in that directory, stopped and
 * deleted when closed. PostgreSQL refuses to run as root, so under root it runs as the {@code postgres} user.
 * Without binaries its tests are skipped, unless {@value #REQUIRE} is 1, as in CI, where they fail.
 */
final class PostgresCluster implements AutoCloseable {
    static final String REQUIRE = "HANLM_REQUIRE_POSTGRES";
    /** The directory of initdb and pg_ctl, to use instead of the newest /usr/lib/postgresql/VERSION/bin or the PATH's. */
    static final String BIN = "HANLM_POSTGRES_BIN";
    private static final String USER = "hanlm";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Starts a cluster, or skips (fails, when required) the calling test where PostgreSQL is not installed. */
    static PostgresCluster start() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String missing = "no PostgreSQL binaries (initdb, pg_ctl) in $" + BIN + ", /usr/lib/postgresql/*/bin or the PATH;"
                    + " install Debian's postgresql package to run the PostgreSQL cases";
            if ("1".equals(System.getenv(REQUIRE))) throw new IllegalStateException(missing + " (" + REQUIRE + "=1 requires them)");
            Assumptions.abort(missing);
        }
        try {
            Path dir = Files.createTempDirectory("hanlm-postgres-");
            if (isRoot()) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            PostgresCluster cluster = new PostgresCluster(bin.get(), dir, freePort());
            try {
                cluster.run("initdb", "-D", cluster.data(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
                cluster.run("pg_ctl", "-D", cluster.data(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
                        "-p " + cluster.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -F", "start");
                return cluster;
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a PostgreSQL cluster", e);
        }
    }

    /** A new, empty database in this cluster. */
    TestDatabase.Location newDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, null)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase.Location(url(name), USER, null);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(dir.resolve("data", "postmaster.pid"))) run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } finally {
            ScratchDirectory.deleteTree(dir);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    /** Runs one of the PostgreSQL programs, as the postgres user under root; its output goes into the failure. */
    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) command.addAll(List.of("runuser", "-u", "postgres", "--"));
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    private static Optional<Path> binaries() {
        String configured = System.getenv(BIN);
        if (configured != null) return Optional.of(Path.of(configured)).filter(PostgresCluster::hasPrograms);
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                        .max(Comparator.comparing(v -> Runtime.Version.parse(v.getFileName().toString())))
                        .map(v -> v.resolve("bin")).filter(PostgresCluster::hasPrograms);
                if (newest.isPresent()) return newest;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).filter(PostgresCluster::hasPrograms).findFirst();
    }

    private static boolean hasPrograms(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
