package dev.hanlm.studio.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hanlm.studio.filter.FilterSettings;
import dev.hanlm.studio.prompt.PromptExample;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import dev.hanlm.studio.store.Database;
import dev.hanlm.studio.store.EveryDatabase;
import dev.hanlm.studio.store.TestDatabase;
import java.util.List;

/** Apps, their versions, labels and evaluations written and read back on each database, across a reopening. */
class AppStoreTest {
    private static final AppSpec FIRST = new AppSpec(
            PromptSpec.of("영화 리뷰의 감정을 고르세요", List.of(new PromptExample("재밌어요", "긍정"), new PromptExample("지루해요", "부정"))),
            new StudioParameters(8, 0.0, 0, 0.8, 5.0, List.of("\n"), "감정:", "", 7L), "hanlm-mini-ko",
            new FilterSettings(List.of("pii"), List.of("profanity"), FilterSettings.Action.MASK, null), null);
    private static final AppSpec TUNED = new AppSpec(null, null, "hanlm-mini-ko", null, "pt_0123abcd");

    @EveryDatabase
    void versionsAreImmutableAndNumberedPerApp(TestDatabase where) {
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            assertFalse(store.exists("review"));
            assertEquals(1, store.save("review", FIRST).version());
            assertEquals(2, store.save("review", TUNED).version());
            assertEquals(1, store.save("other", TUNED).version());
        }
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            assertTrue(store.exists("review"));
            assertEquals(List.of(2, 1), store.versions("review").stream().map(AppVersion::version).toList());
            assertEquals(FIRST, store.version("review", 1).orElseThrow().spec());
            AppSpec tuned = store.latest("review").orElseThrow().spec();
            assertEquals("pt_0123abcd", tuned.tunedPrompt());
            assertEquals(StudioParameters.defaults(), tuned.parameters());
            assertNull(tuned.filters());
            assertTrue(store.version("review", 3).isEmpty());
            assertEquals(List.of("other", "review"), store.list().stream().map(AppSummary::name).toList());
            assertEquals(List.of(1, 2), store.list().stream().map(AppSummary::latestVersion).toList());
        }
    }

    @EveryDatabase
    void aLabelMovesAndRemembersWhereItPointedBefore(TestDatabase where) {
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            for (int i = 0; i < 3; i++) store.save("review", FIRST);
            assertNull(store.moveLabel("review", "production", 1).previous());
            assertEquals(1, store.moveLabel("review", "production", 3).previous());
            assertEquals(1, store.moveLabel("review", "production", 3).previous(), "pointing it where it is keeps the rollback");
            store.moveLabel("review", "staging", 2);
        }
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            AppLabel production = store.label("review", "production").orElseThrow();
            assertEquals(List.of(3, 1), List.of(production.version(), production.previous()));
            assertEquals(List.of("production", "staging"), store.labels("review").stream().map(AppLabel::name).toList());
            assertEquals(store.labels("review"), store.list().getFirst().labels());
            AppLabel back = store.moveLabel("review", "production", production.previous());
            assertEquals(List.of(1, 3), List.of(back.version(), back.previous()));
            assertTrue(store.label("review", "canary").isEmpty());
        }
    }

    @EveryDatabase
    void evaluationsAreKeptWithTheirVersionAndRows(TestDatabase where) throws Exception {
        JsonNode metrics = AppJson.read("{\"accuracy\": 50.0, \"macro_f1\": 33.3, \"exact_match\": 50.0, \"f1\": 75.0}");
        JsonNode rows = AppJson.read("[{\"input\": \"재밌어요\", \"expected\": \"긍정\", \"output\": \"긍정\"},"
                + " {\"input\": \"지루해요\", \"expected\": \"부정\", \"output\": \"<b>긍정</b>\"}]");
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            store.save("review", FIRST);
            store.save("review", TUNED);
            store.saveEvaluation("ev_1", "review", 1, "test.csv", metrics, rows);
            store.saveEvaluation("ev_2", "review", 2, "test.jsonl", metrics, rows);
        }
        try (Database db = where.open()) {
            AppStore store = new AppStore(db);
            List<AppStore.Evaluation> listed = store.evaluations("review");
            assertEquals(List.of("ev_1", "ev_2"), listed.stream().map(AppStore.Evaluation::id).sorted().toList());
            assertTrue(listed.stream().allMatch(e -> e.results() == null && e.metrics().equals(metrics)));
            AppStore.Evaluation second = store.evaluation("ev_2").orElseThrow();
            assertEquals(List.of(2, "test.jsonl"), List.of(second.version(), second.testSet()));
            assertEquals(rows, second.results());
            assertTrue(store.evaluation("ev_3").isEmpty());
            assertTrue(store.evaluations("other").isEmpty());
        }
    }
}
