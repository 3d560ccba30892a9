package dev.hanlm.studio.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a test once on SQLite and once on PostgreSQL, each time with a new, empty {@link TestDatabase} as its parameter.
 * One PostgreSQL cluster serves the whole run (see {@link PostgresCluster}); a test that opens a store on its database
 * is tested on both: {@code @EveryDatabase void f(TestDatabase where) { try (var s = new SomeStore(where.open())) ...}}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(EveryDatabase.Provider.class)
public @interface EveryDatabase {
    final class Provider implements ArgumentsProvider {
        private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(EveryDatabase.class);
        private static final AtomicInteger SQLITE_FILES = new AtomicInteger();

        @Override
        public Stream<Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            ExtensionContext.Store run = context.getRoot().getStore(STORE);
            return Stream.of(
                    Arguments.of(new TestDatabase("SQLite", () -> new TestDatabase.Location("jdbc:sqlite:"
                            + run.getOrComputeIfAbsent(ScratchDirectory.class).path.resolve("test-" + SQLITE_FILES.incrementAndGet() + ".db"),
                            null, null))),
                    Arguments.of(new TestDatabase("PostgreSQL",
                            () -> run.getOrComputeIfAbsent(PostgresCluster.class, k -> PostgresCluster.start(), PostgresCluster.class).newDatabase())));
        }
    }
}
