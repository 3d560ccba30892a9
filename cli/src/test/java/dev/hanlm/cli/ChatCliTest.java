package dev.hanlm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.chat.ChatTemplate;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chat with piped standard input: each reply must be what the engine generates for the whole conversation so far,
 * written out by hand in the test, so the history and the format are checked, not only that something printed.
 */
class ChatCliTest {
    private static final int MAX_TOKENS = 5;

    @TempDir
    static Path tmp;
    static Path plain;
    static Path templated;

    @BeforeAll
    static void models() throws IOException {
        plain = TinyModel.write(tmp.resolve("plain")).dir();
        templated = TinyModel.write(tmp.resolve("templated")).dir();
        String chatMl = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        Files.writeString(templated.resolve(ChatTemplate.CONFIG_FILE),
                new ObjectMapper().createObjectNode().put("chat_template", chatMl).put("eos_token", "<|im_end|>").toString());
    }

    /** The engine's greedy reply to {@code prompt}, with the stop sequence of the format, stripped as chat prints it. */
    private static String reply(Path model, String prompt, boolean specialTokens, String stop) {
        try (LanguageModel m = LanguageModel.load(model)) {
            Tokenizer tokenizer = m.tokenizer().orElseThrow();
            GenerationOptions options = GenerationOptions.defaults().withTemperature(0).withMaxTokens(MAX_TOKENS).withStop(List.of(stop));
            return new Generator(m).generate(tokenizer.encode(prompt, specialTokens), options, (t, s) -> {}).text().strip();
        }
    }

    @Test
    void twoTurnsInThePlainFormatThenEndOfInput() {
        CliRun run = CliRun.withStdin("안녕하세요\n\n오늘 날씨 어때요?\n", "chat", "--model", plain.toString(), "--greedy",
                "--max-tokens", Integer.toString(MAX_TOKENS), "--system", "친절한 AI와 사용자의 대화");
        assertEquals(0, run.exitCode(), run.err());
        String first = reply(plain, "친절한 AI와 사용자의 대화\n사용자: 안녕하세요\nAI:", true, "\n사용자:");
        String second = reply(plain, "친절한 AI와 사용자의 대화\n사용자: 안녕하세요\nAI: " + first + "\n사용자: 오늘 날씨 어때요?\nAI:", true, "\n사용자:");
        assertEquals("AI: " + first + "\nAI: " + second + "\n", run.out());
    }

    @Test
    void theChatTemplateFramesTheConversationAndExitEnds() {
        CliRun run = CliRun.withStdin("첫 질문\n두 번째 질문\n/exit\n세 번째는 읽히지 않는다\n", "chat", "--model", templated.toString(),
                "--greedy", "--max-tokens", Integer.toString(MAX_TOKENS));
        assertEquals(0, run.exitCode(), run.err());
        String first = reply(templated, "<|im_start|>user\n첫 질문<|im_end|>\n<|im_start|>assistant\n", false, "<|im_end|>");
        String second = reply(templated, "<|im_start|>user\n첫 질문<|im_end|>\n<|im_start|>assistant\n" + first
                + "<|im_end|>\n<|im_start|>user\n두 번째 질문<|im_end|>\n<|im_start|>assistant\n", false, "<|im_end|>");
        assertEquals("AI: " + first + "\nAI: " + second + "\n", run.out());
    }

    @Test
    void theOldestTurnsAreDroppedWhenTheConversationOutgrowsTheContext() {
        String longLine = "아주 긴 메시지입니다 ".repeat(6);
        CliRun run = CliRun.withStdin((longLine + "\n").repeat(4), "chat", "--model", plain.toString(), "--greedy",
                "--max-tokens", Integer.toString(MAX_TOKENS));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, run.out().lines().filter(l -> l.startsWith("AI: ")).count(), run.out());
        assertTrue(run.err().contains("dropped the oldest"), run.err());
        String tooLong = "너무 긴 메시지 ".repeat(100);
        CliRun refused = CliRun.withStdin(tooLong + "\n짧은 질문\n", "chat", "--model", plain.toString(), "--greedy", "--max-tokens", "3");
        assertEquals(0, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("that message is too long for the context of 128 tokens"), refused.err());
        assertEquals(1, refused.out().lines().filter(l -> l.startsWith("AI: ")).count(), "the short question is still answered");
    }
}
