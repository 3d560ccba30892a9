package dev.hanlm.studio.persona;

/** One exchange of a chat: what the user said and what the bot answered. */
public record Turn(String user, String bot) {
    public Turn {
        user = user == null ? "" : user.strip();
        bot = bot == null ? "" : bot.strip();
    }
}
