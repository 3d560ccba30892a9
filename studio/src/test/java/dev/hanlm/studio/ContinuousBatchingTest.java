package dev.hanlm.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.engine.GenerationOptions;
import dev.hanlm.engine.GenerationResult;
import dev.hanlm.engine.Generator;
import dev.hanlm.engine.LanguageModel;
import dev.hanlm.studio.CompletionRequest.TextPrompt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests to one local model generate together, each getting exactly its own tokens; a request that leaves frees its place. */
class ContinuousBatchingTest {
    private static final String[] PROMPTS = {"옛날 옛적에", "하늘", "바다가 푸르다", "가"};

    @TempDir
    static Path tmp;
    static Path dir;
    static LanguageModel reference;

    @BeforeAll
    static void load() {
        dir = TinyModel.write(tmp.resolve("tiny"));
        reference = LanguageModel.load(dir);
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    /** Greedy for even i, seeded sampling for odd i; long enough to overlap. */
    private static SamplingParams sampling(int i) {
        return new SamplingParams(40, i % 2 == 0 ? 0.0 : 1.0, null, null, null, List.of(), 7L + i, 2);
    }

    private static GenerationResult alone(int i) {
        GenerationOptions options = GenerationOptions.defaults().withMaxTokens(40).withTemperature(i % 2 == 0 ? 0 : 1)
                .withSeed(7L + i).withTopLogprobs(2);
        return new Generator(reference).generate(PROMPTS[i], options, (t, s) -> {});
    }

    @Test
    void concurrentRequestsGetWhatEachGetsAlone() throws Exception {
        try (LocalBackend backend = new LocalBackend("tiny", LanguageModel.load(dir), ModelQueue.Limits.defaults(), 4)) {
            // a round whose requests did not overlap (a busy machine) proves nothing about batching: try again
            for (int round = 0; round < 10 && backend.largestBatch() < 2; round++) {
                List<CompletableFuture<Completion>> futures = new ArrayList<>();
                List<StringBuilder> streamed = new ArrayList<>();
                for (int i = 0; i < PROMPTS.length; i++) {
                    StringBuilder text = new StringBuilder();
                    streamed.add(text);
                    CompletionRequest request = new CompletionRequest("tiny", new TextPrompt(PROMPTS[i]), 1, sampling(i), "", "");
                    futures.add(CompletableFuture.supplyAsync(() -> backend.complete(request, new CompletionListener() {
                        @Override
                        public void onDelta(int choice, String delta, List<TokenLogprobs> logprobs) {
                            text.append(delta);
                        }

                        @Override
                        public void onChoiceEnd(Completion.Choice choice) {}
                    }), Thread::startVirtualThread));
                }
                for (int i = 0; i < PROMPTS.length; i++) {
                    Completion.Choice choice = futures.get(i).get(60, TimeUnit.SECONDS).choices().getFirst();
                    GenerationResult expected = alone(i);
                    assertEquals(expected.text(), choice.text(), "request " + i);
                    assertEquals(expected.text(), streamed.get(i).toString(), "request " + i + " streamed only its own text");
                    assertEquals(expected.ids().length, choice.tokens());
                    for (int t = 0; t < choice.logprobs().size(); t++) {
                        assertEquals(expected.logprobs()[t], choice.logprobs().get(t).chosen().logprob(), "request " + i + " token " + t);
                    }
                }
            }
            assertTrue(backend.largestBatch() >= 2, "the requests ran in one batch at least once");
            assertTrue(backend.largestBatch() <= 4, "never more than --max-batch together");
        }
    }

    @Test
    void aRequestWhoseClientLeftFreesItsPlaceForAWaitingOne() throws Exception {
        try (LocalBackend backend = new LocalBackend("tiny", LanguageModel.load(dir), new ModelQueue.Limits(1, Duration.ofSeconds(60)), 1)) {
            CountDownLatch streaming = new CountDownLatch(1), leave = new CountDownLatch(1);
            IllegalStateException gone = new IllegalStateException("the client left");
            CompletionRequest first = new CompletionRequest("tiny", new TextPrompt(PROMPTS[0]), 1, sampling(0), "", "");
            CompletableFuture<Completion> leaving = CompletableFuture.supplyAsync(() -> backend.complete(first, new CompletionListener() {
                @Override
                public void onDelta(int choice, String text, List<TokenLogprobs> logprobs) {
                    streaming.countDown();
                    try {
                        leave.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw gone; // as a stream's write fails when its client has gone
                }

                @Override
                public void onChoiceEnd(Completion.Choice choice) {}
            }), Thread::startVirtualThread);
            assertTrue(streaming.await(30, TimeUnit.SECONDS));
            CompletionRequest second = new CompletionRequest("tiny", new TextPrompt(PROMPTS[1]), 1, sampling(1), "", "");
            CompletableFuture<Completion> waiting = CompletableFuture.supplyAsync(() -> backend.complete(second, CompletionListener.NONE),
                    Thread::startVirtualThread);
            for (int i = 0; i < 1000 && backend.waiting() != 1; i++) Thread.sleep(10);
            assertEquals(1, backend.waiting(), "the second request waits for the only place");

            leave.countDown();
            Exception e = assertThrows(Exception.class, () -> leaving.get(30, TimeUnit.SECONDS));
            assertSame(gone, e.getCause());
            assertEquals(alone(1).text(), waiting.get(30, TimeUnit.SECONDS).choices().getFirst().text());
            assertEquals(0, backend.waiting());
        }
    }
}
