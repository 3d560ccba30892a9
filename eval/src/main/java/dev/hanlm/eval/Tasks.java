package dev.hanlm.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-in tasks: the paper's benchmarks, with their prompts and verbalizers (docs/EVAL.md shows each). */
public final class Tasks {
    /** Every built-in task name, the special {@code perplexity} included. */
    public static final List<String> NAMES = List.of("nsmc", "ynat", "klue-sts", "klue-sts-score", "klue-nli", "korquad",
            "translate-ko-en", "translate-en-ko", "perplexity");

    private Tasks() {}

    /** The built-in task of that name ({@code perplexity} has no prompt and is run by {@link Perplexity}). */
    public static Task named(String name) {
        return switch (name) {
            case "nsmc" -> new Task(name, new Template("리뷰: {document}\n감정:"), labels("1", "긍정", "0", "부정"),
                    Metrics.named("accuracy"), 0, Datasets::nsmc);
            case "ynat" -> new Task(name, new Template("뉴스 제목: {title}\n분야:"), topics(),
                    Metrics.named("macro_f1"), 0, Datasets::ynat);
            case "klue-sts" -> new Task(name, new Template("문장 1: {sentence1}\n문장 2: {sentence2}\n두 문장의 뜻이 같습니까?"),
                    labels("1", "예", "0", "아니오"), Metrics.binaryF1("1"), 0, Datasets::stsBinary);
            case "klue-sts-score" -> new Task(name, new Template("문장 1: {sentence1}\n문장 2: {sentence2}\n유사도 (0~5):"),
                    Map.of(), Metrics.named("pearson"), 4, Datasets::stsScore);
            case "klue-nli" -> new Task(name, new Template("전제: {premise}\n가설: {hypothesis}\n관계 (참, 거짓, 알 수 없음):"),
                    labels("entailment", "참", "contradiction", "거짓", "neutral", "알 수 없음"),
                    Metrics.named("accuracy"), 0, Datasets::nli);
            case "korquad" -> new Task(name, new Template("{context}\n질문: {question}\n답:"), Map.of(),
                    Metrics.named("korquad"), 32, Datasets::korquad);
            case "translate-ko-en" -> new Task(name, new Template("한국어: {ko}\n영어:"), Map.of(),
                    Metrics.bleu(Bleu.Tokenization.THIRTEEN_A), 96, f -> Datasets.parallel(f, "en"));
            case "translate-en-ko" -> new Task(name, new Template("영어: {en}\n한국어:"), Map.of(),
                    Metrics.bleu(Bleu.Tokenization.CHAR), 96, f -> Datasets.parallel(f, "ko"));
            default -> throw new EvalException("unknown task \"" + name + "\"; built-in tasks are " + NAMES
                    + ", or give a task file (.json)");
        };
    }

    /** KLUE-YNAT's seven topics; each label is its own verbalizer. */
    private static Map<String, String> topics() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String topic : List.of("IT과학", "경제", "사회", "생활문화", "세계", "스포츠", "정치")) m.put(topic, topic);
        return m;
    }

    private static Map<String, String> labels(String... labelThenVerbalizer) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labelThenVerbalizer.length; i += 2) m.put(labelThenVerbalizer[i], labelThenVerbalizer[i + 1]);
        return m;
    }
}
