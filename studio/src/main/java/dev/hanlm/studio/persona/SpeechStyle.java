package dev.hanlm.studio.persona;

/** The speech level a persona keeps: 존댓말 (polite, -요 / -습니다) or 반말 (plain, -어 / -야). */
public enum SpeechStyle {
    POLITE("존댓말 (-요, -습니다)"),
    PLAIN("반말 (-어, -야)");

    private final String description;

    SpeechStyle(String description) {
        this.description = description;
    }

    /** How the persona card states it to the model. */
    public String description() {
        return description;
    }

    /** {@code polite} / {@code 존댓말} or {@code plain} / {@code 반말}. */
    public static SpeechStyle parse(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "polite", "존댓말" -> POLITE;
            case "plain", "반말" -> PLAIN;
            default -> throw new IllegalArgumentException("the speaking style is \"" + text + "\"; expected polite (존댓말) or plain (반말)");
        };
    }
}
