package dev.hanlm.studio.apps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Apps in the Studio's {@link Database}: each save is a new, immutable version (1, 2, 3 ...); labels point at versions
 * and move, forward or back; evaluations are kept with the version they ran.
 */
public final class AppStore {
    private final Database db;

    public AppStore(Database db) {
        this.db = db;
    }

    /** Saves {@code spec} as the App's next version, making the App at its first save. */
    public AppVersion save(String app, AppSpec spec) {
        String json = AppJson.text(AppJson.tree(spec));
        return db.inTransaction(tx -> {
            long now = now();
            if (tx.update("UPDATE apps SET created = created WHERE name = ?", app) == 0) {
                tx.update("INSERT INTO apps (name, created) VALUES (?, ?)", app, now);
            }
            int version = tx.query("SELECT MAX(version) FROM app_versions WHERE app = ?", rs -> rs.getInt(1), app).getFirst() + 1;
            tx.update("INSERT INTO app_versions (app, version, created, spec) VALUES (?, ?, ?, ?)", app, version, now, json);
            return new AppVersion(app, version, now, spec);
        });
    }

    public List<AppSummary> list() {
        Map<String, List<AppLabel>> labels = db.query("SELECT app, label, version, previous, updated FROM app_labels ORDER BY app, label",
                        rs -> Map.entry(rs.getString(1), new AppLabel(rs.getString(2), rs.getInt(3), Database.nullableInt(rs, 4), rs.getLong(5))))
                .stream().collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return db.query("SELECT a.name, a.created, MAX(v.version) FROM apps a JOIN app_versions v ON v.app = a.name"
                        + " GROUP BY a.name, a.created ORDER BY a.name",
                rs -> new AppSummary(rs.getString(1), rs.getLong(2), rs.getInt(3), labels.getOrDefault(rs.getString(1), List.of())));
    }

    public boolean exists(String app) {
        return !db.query("SELECT name FROM apps WHERE name = ?", rs -> rs.getString(1), app).isEmpty();
    }

    /** The App's versions, newest first. */
    public List<AppVersion> versions(String app) {
        return db.query("SELECT app, version, created, spec FROM app_versions WHERE app = ? ORDER BY version DESC", AppStore::version, app);
    }

    public Optional<AppVersion> version(String app, int version) {
        return db.query("SELECT app, version, created, spec FROM app_versions WHERE app = ? AND version = ?", AppStore::version, app, version)
                .stream().findFirst();
    }

    public Optional<AppVersion> latest(String app) {
        return versions(app).stream().findFirst();
    }

    public List<AppLabel> labels(String app) {
        return db.query("SELECT label, version, previous, updated FROM app_labels WHERE app = ? ORDER BY label",
                rs -> new AppLabel(rs.getString(1), rs.getInt(2), Database.nullableInt(rs, 3), rs.getLong(4)), app);
    }

    public Optional<AppLabel> label(String app, String label) {
        return labels(app).stream().filter(l -> l.name().equals(label)).findFirst();
    }

    /** Points {@code label} at {@code version} (which must exist), remembering where it pointed for a rollback. */
    public AppLabel moveLabel(String app, String label, int version) {
        return db.inTransaction(tx -> {
            long now = now();
            Optional<AppLabel> old = label(app, label);
            if (old.isEmpty()) {
                tx.update("INSERT INTO app_labels (app, label, version, previous, updated) VALUES (?, ?, ?, ?, ?)", app, label, version, null, now);
                return new AppLabel(label, version, null, now);
            }
            Integer previous = old.get().version() == version ? old.get().previous() : Integer.valueOf(old.get().version());
            tx.update("UPDATE app_labels SET version = ?, previous = ?, updated = ? WHERE app = ? AND label = ?", version, previous, now, app, label);
            return new AppLabel(label, version, previous, now);
        });
    }

    /** Adds a finished evaluation to its version. */
    public void saveEvaluation(String id, String app, int version, String testSet, JsonNode metrics, JsonNode results) {
        db.update("INSERT INTO app_evaluations (id, app, version, created, test_set, metrics, results) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, app, version, now(), testSet, AppJson.text(metrics), AppJson.text(results));
    }

    /** A stored evaluation; {@code results} (every row) is null in lists. */
    public record Evaluation(String id, String app, int version, long created, String testSet, JsonNode metrics, JsonNode results) {}

    /** The App's evaluations, newest first, without their rows. */
    public List<Evaluation> evaluations(String app) {
        return db.query("SELECT id, app, version, created, test_set, metrics FROM app_evaluations WHERE app = ? ORDER BY created DESC, id",
                rs -> new Evaluation(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        AppJson.read(rs.getString(6)), null), app);
    }

    public Optional<Evaluation> evaluation(String id) {
        return db.query("SELECT id, app, version, created, test_set, metrics, results FROM app_evaluations WHERE id = ?",
                rs -> new Evaluation(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        AppJson.read(rs.getString(6)), AppJson.read(rs.getString(7))), id).stream().findFirst();
    }

    private static AppVersion version(ResultSet rs) throws SQLException {
        return new AppVersion(rs.getString(1), rs.getInt(2), rs.getLong(3), AppJson.readSpec(rs.getString(4)));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
