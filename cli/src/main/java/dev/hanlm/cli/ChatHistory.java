package dev.hanlm.cli;

import dev.hanlm.studio.chat.ChatFormat;
import dev.hanlm.studio.chat.ChatMessage;
import dev.hanlm.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The turns of a chat, kept within a token budget: when the conversation with a new message does not fit, the oldest
 * user/assistant pairs are dropped until it does; the system text always stays.
 */
final class ChatHistory {
    private final ChatMessage system;
    private final ChatFormat format;
    private final Tokenizer tokenizer;
    private final int budget;
    private final List<ChatMessage> turns = new ArrayList<>();
    private int lastDropped;

    /** @param budget the most prompt tokens (the context less the room kept for a reply) */
    ChatHistory(String system, ChatFormat format, Tokenizer tokenizer, int budget) {
        this.system = system == null || system.isBlank() ? null : ChatMessage.system(system);
        this.format = format;
        this.tokenizer = tokenizer;
        this.budget = budget;
    }

    /**
     * Adds the user's message and returns the prompt of the reply, dropping old turns as needed; null (and the message
     * is not kept) when the message does not fit even alone.
     */
    int[] promptWith(String message) {
        lastDropped = 0;
        turns.add(ChatMessage.user(message));
        while (true) {
            int[] ids = format.encode(tokenizer, messages());
            if (ids.length <= budget) return ids;
            if (turns.size() == 1) {
                turns.clear();
                return null;
            }
            turns.subList(0, Math.min(2, turns.size() - 1)).clear();
            lastDropped++;
        }
    }

    /** Adds the assistant's reply to the last message. */
    void answer(String reply) {
        turns.add(ChatMessage.assistant(reply));
    }

    /** How many user/assistant pairs the last {@link #promptWith} dropped. */
    int lastDropped() {
        return lastDropped;
    }

    List<ChatMessage> messages() {
        List<ChatMessage> all = new ArrayList<>();
        if (system != null) all.add(system);
        all.addAll(turns);
        return all;
    }
}
