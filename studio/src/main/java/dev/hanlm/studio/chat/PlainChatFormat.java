package dev.hanlm.studio.chat;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.List;

/**
 * The chat format of models without a chat template, HyperCLOVA's dialogue style: a system text on its own line, then
 * {@code 사용자: ...} and {@code AI: ...} lines, ending with {@code AI:} for the reply, which ends where the model
 * starts the user's next line.
 */
public final class PlainChatFormat implements ChatFormat {
    public static final String USER = "사용자:";
    public static final String ASSISTANT = "AI:";

    @Override
    public String render(List<ChatMessage> messages) {
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : messages) {
            switch (m.role()) {
                case "system" -> out.append(m.content()).append('\n');
                case "user" -> out.append(USER).append(' ').append(m.content()).append('\n');
                default -> out.append(ASSISTANT).append(' ').append(m.content()).append('\n');
            }
        }
        return out.append(ASSISTANT).toString();
    }

    /** Plain text carries no special tokens, so the tokenizer's post-processor adds its own (a BOS). */
    @Override
    public int[] encode(Tokenizer tokenizer, String rendered) {
        return tokenizer.encode(rendered, true);
    }

    @Override
    public List<String> stops() {
        return List.of("\n" + USER);
    }

    @Override
    public String describe() {
        return "plain '" + USER + "' / '" + ASSISTANT + "' format (the model has no chat template)";
    }
}
