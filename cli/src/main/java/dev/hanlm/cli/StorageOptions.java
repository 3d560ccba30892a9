package dev.hanlm.cli;

import dev.hanlm.studio.store.Database;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the server and the Studio keep their state: SQLite under --data-dir, or a shared PostgreSQL at --database. */
final class StorageOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the database of API keys and their usage is kept, unless --database names another (default: ~/.hanlm).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".hanlm");

    @Option(names = "--database", paramLabel = "JDBC-URL",
            description = "A shared database instead of the one under --data-dir: jdbc:postgresql://HOST[:PORT]/NAME.")
    String url;

    @Option(names = "--database-user", paramLabel = "NAME", description = "The login for --database.")
    String user;

    @Option(names = "--database-password-env", paramLabel = "VAR",
            description = "The environment variable holding the password for --database, so it never shows in the process list.")
    String passwordEnv;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Opens the database these options name and brings its schema up to date. */
    Database open() {
        if (url == null) {
            if (user != null || passwordEnv != null) {
                throw new CommandLine.ParameterException(command.commandLine(), "--database-user and --database-password-env need --database");
            }
            return Database.inDirectory(dataDir);
        }
        return Database.open(url, user, password());
    }

    private String password() {
        if (passwordEnv == null) return null;
        String password = System.getenv(passwordEnv);
        if (password == null) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--database-password-env: the environment variable '" + passwordEnv + "' that should hold the database password is unset");
        }
        return password;
    }
}
