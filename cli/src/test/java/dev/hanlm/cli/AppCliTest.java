package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.LoadOptions;
import dev.hanlm.studio.LocalBackend;
import dev.hanlm.studio.ModelQueue;
import dev.hanlm.studio.server.ServerOptions;
import dev.hanlm.studio.server.StudioServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applications end to end on the bundled model, with few tokens so they stay quick. */
class AppCliTest {
    @Test
    void eventTitleRanksCandidatesAndMarksTheRules() {
        CliRun run = CliRun.of("app", "event-title", "--product", "무선 이어폰", "--brand", "소리결", "--discount", "25%",
                "--period", "7월 1일~7월 7일", "--category", "디지털", "-n", "2", "--shots", "1", "--max-tokens", "6");
        assertEquals(0, run.exitCode(), run.err());
        String[] lines = run.out().lines().filter(l -> l.matches("\\s*-?\\d+\\.\\d+ .*")).toArray(String[]::new);
        assertTrue(lines.length >= 1 && lines.length <= 2, run.out());
        assertTrue(lines[0].contains("pass") || lines[0].contains("FAIL"), run.out());
    }

    @Test
    void eventTitleRunsOnARemoteHanlmServerAndRanksByItsLogprobs() {
        LocalBackend bundled = LocalBackend.load("mini", Bundled.model(), LoadOptions.defaults(), ModelQueue.Limits.defaults());
        try (StudioServer upstream = StudioServer.start(List.of(bundled), ServerOptions.defaults().withPort(0))) {
            CliRun run = CliRun.of("app", "event-title", "--remote", "far=" + upstream.url() + "/v1,model=mini", "--product", "무선 이어폰",
                    "--discount", "25%", "-n", "2", "--shots", "1", "--max-tokens", "6", "--seed", "1");
            assertEquals(0, run.exitCode(), run.err());
            long scored = run.out().lines().filter(l -> l.matches("\\s*-?\\d+\\.\\d+  (pass|FAIL)  .*")).count();
            assertTrue(scored >= 1 && scored <= 2, "the remote's logprobs score each candidate: " + run.out());
        }
    }

    @Test
    void personaChatsFromStandardInputAndRestarts() {
        CliRun run = CliRun.withStdin("안녕\n/restart\n이름이 뭐야?\n", "app", "persona", "--max-tokens", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("하나:")).count(), run.out());
        assertTrue(run.out().contains("(대화를 새로 시작합니다)"), run.out());
    }

    @Test
    void dataWritesTheRequestedFormat(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("created.csv");
        CliRun run = CliRun.of("app", "data", "--per-label", "1", "--attempts", "1", "--max-tokens", "6", "--output", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(out).startsWith("text,label\r\n"));
        assertTrue(run.out().contains("긍정: ") && run.out().contains("부정: "), run.out());
    }

    @Test
    void dataComparesOnRealJsonlForAnIntentTaskAndRefusesNsmcForIt(@TempDir Path dir) throws Exception {
        Path task = Files.writeString(dir.resolve("task.json"), "{\"task\": \"호텔 문의\", \"labels\": [{\"name\": \"예약\", \"description\": \"방 예약\"},"
                + " {\"name\": \"취소\", \"description\": \"예약 취소\"}, {\"name\": \"시설\", \"description\": \"수영장, 주차장\"}]}");
        StringBuilder real = new StringBuilder();
        for (String label : List.of("예약", "취소", "시설")) {
            for (int i = 0; i < 3; i++) real.append("{\"text\": \"").append(label).append(" 문의 ").append(i).append("\", \"label\": \"").append(label).append("\"}\n");
        }
        Path jsonl = Files.writeString(dir.resolve("real.jsonl"), real);
        CliRun run = CliRun.of("app", "data", "--task", task.toString(), "--per-label", "2", "--attempts", "3", "--max-tokens", "6",
                "--output", dir.resolve("c.jsonl").toString(), "--real-train", jsonl.toString(), "--test", jsonl.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("accuracy on 9 test texts") && run.out().contains("real labelled texts"), run.out());
        Path nsmc = dir.resolve("ratings.txt");
        CliRun refused = CliRun.of("app", "data", "--task", task.toString(), "--output", dir.resolve("d.jsonl").toString(),
                "--real-train", nsmc.toString(), "--test", nsmc.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("needs a task of two labels"), refused.err());
        assertTrue(Files.notExists(dir.resolve("d.jsonl")), "refused before creating anything");
    }

    @Test
    void badInputGetsOneSentence(@TempDir Path dir) throws Exception {
        Path card = Files.writeString(dir.resolve("card.json"), "{\"name\": \"하나\", \"style\": \"formal\"}");
        CliRun run = CliRun.withStdin("안녕\n", "app", "persona", "--card", card.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("expected polite (존댓말) or plain (반말)"), run.err());
        CliRun noFields = CliRun.of("app", "event-title");
        assertEquals(2, noFields.exitCode());
        assertTrue(noFields.err().contains("give --product"), noFields.err());
    }
}
