package dev.hanlm.studio.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Every migration, on each database the server supports. */
class MigrationsTest {
    /** The migration files as they are on disk: a name Flyway would not recognise would be quietly left out. */
    private static List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(migrations())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static Path migrations() throws URISyntaxException {
        return Path.of(Database.class.getResource("/db/migration").toURI());
    }

    private static List<MigrationInfo> applied(TestDatabase where) {
        return Arrays.asList(Flyway.configure().dataSource(where.url(), where.user(), where.password())
                .locations("classpath:db/migration").load().info().all());
    }

    @EveryDatabase
    void everyMigrationAppliesOnceAndInOrder(TestDatabase where) throws Exception {
        where.open().close();
        List<MigrationInfo> migrations = applied(where);
        assertFalse(migrations.isEmpty());
        assertEquals(files(), migrations.stream().map(MigrationInfo::getScript).sorted().toList(), "every file is a migration Flyway ran");
        assertEquals(List.of(MigrationState.SUCCESS), migrations.stream().map(MigrationInfo::getState).distinct().toList());

        where.open().close();
        assertEquals(migrations.stream().map(MigrationInfo::getInstalledRank).toList(),
                applied(where).stream().map(MigrationInfo::getInstalledRank).toList(), "reopening runs none again");
    }
}
