package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.train.TrainingException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DocumentCleanerTest {
    private final DocumentCleaner cleaner = CleaningSettings.DEFAULTS.cleaner();

    @Test
    void normalizesThenNamesTheFirstFilterThatDrops() {
        assertEquals("too_short", cleaner.clean("ㅋㅋㅋㅋㅋㅋㅋㅋ").dropReason(), "short and spam: counted once, as the first");
        assertEquals("low_hangul_ratio", cleaner.clean("This review is written entirely in English, sorry.").dropReason());
        assertEquals("repetition", cleaner.clean("재밌어요ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ 최고").dropReason());
        assertEquals("jamo_spam", cleaner.clean("ㅇㅇ ㄱㄱ ㅎㅎ ㅠㅠ ㅜㅜ ㅡㅡ ㄷㄷ ㅂㅂ ㅅㄱ ㅊㅋ 굿굿").dropReason());
        DocumentCleaner.Cleaned kept = cleaner.clean("  이 영화는   정말 재미있었어요. 배우들의 연기가 훌륭합니다.  ");
        assertNull(kept.dropReason());
        assertTrue(kept.kept());
        assertEquals("이 영화는 정말 재미있었어요. 배우들의 연기가 훌륭합니다.", kept.text());
    }

    @Test
    void settingsAreCheckedWithTheFlagName() {
        assertTrue(assertThrows(TrainingException.class, () -> new CleaningSettings(20, 1.5, 0.3, 0.5, true))
                .getMessage().contains("--min-hangul-ratio"));
        assertThrows(TrainingException.class, () -> new CleaningSettings(-1, 0.5, 0.3, 0.5, true));
        assertThrows(TrainingException.class, () -> new CleaningSettings(20, 0.5, Double.NaN, 0.5, true));
    }

    @Test
    void survivesJavaSerializationAsSparkShipsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(cleaner);
        }
        DocumentCleaner copy = (DocumentCleaner) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertEquals(cleaner, copy);
        assertEquals("repetition", copy.clean("재밌어요ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ 최고").dropReason());
    }
}
