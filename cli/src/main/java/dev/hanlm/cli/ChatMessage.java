package dev.hanlm.cli;

/** One turn of a chat, as chat templates see it: {@code role} is {@code system}, {@code user} or {@code assistant}. */
record ChatMessage(String role, String content) {
    static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
