package dev.hanlm.studio.chat;

import dev.hanlm.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;

/** How a conversation becomes the prompt of the assistant's next reply. */
public interface ChatFormat {
    /** The model's chat template when its {@code tokenizer_config.json} has one, else the plain format. */
    static ChatFormat forModel(Path modelDir) {
        return ChatTemplate.read(modelDir).<ChatFormat>map(t -> t).orElseGet(PlainChatFormat::new);
    }

    /** The text of the conversation followed by the start of the assistant's reply. */
    String render(List<ChatMessage> messages);

    /** The token ids of a text {@link #render} made, possibly with more text after it. */
    int[] encode(Tokenizer tokenizer, String rendered);

    default int[] encode(Tokenizer tokenizer, List<ChatMessage> messages) {
        return encode(tokenizer, render(messages));
    }

    /** Texts that end a reply besides the model's end-of-sequence ids. */
    List<String> stops();

    /** A line saying which format this is, for the user. */
    String describe();
}
