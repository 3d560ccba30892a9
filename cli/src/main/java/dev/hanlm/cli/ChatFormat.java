package dev.hanlm.cli;

import dev.hanlm.tokenizer.Tokenizer;
import java.util.List;

/** How a conversation becomes the prompt of the assistant's next reply. */
interface ChatFormat {
    /** The token ids of the conversation followed by the start of the assistant's reply. */
    int[] encode(Tokenizer tokenizer, List<ChatMessage> messages);

    /** Texts that end a reply besides the model's end-of-sequence ids. */
    List<String> stops();

    /** A line saying which format this is, for the user. */
    String describe();
}
