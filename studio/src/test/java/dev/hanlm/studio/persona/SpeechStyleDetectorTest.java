package dev.hanlm.studio.persona;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeechStyleDetectorTest {
    private final SpeechStyleDetector detector = new SpeechStyleDetector();

    @Test
    void politeEndingsAreJondaetmal() {
        for (String s : new String[] {"안녕하세요, 저는 하나예요.", "반가워요!", "좋습니다.", "그럼요", "알겠습니다", "괜찮아요?"}) {
            assertEquals(Optional.of(SpeechStyle.POLITE), detector.detect(s), s);
        }
    }

    @Test
    void plainEndingsAreBanmal() {
        for (String s : new String[] {"그래, 나도 좋아.", "뭐 먹었어?", "내 이름은 하나야.", "고마워", "어디 가니?"}) {
            assertEquals(Optional.of(SpeechStyle.PLAIN), detector.detect(s), s);
        }
    }

    @Test
    void theMajorityOfSentencesDecidesAndNounsSayNothing() {
        assertEquals(Optional.of(SpeechStyle.POLITE), detector.detect("좋아요. 감사합니다. 나는 좋아."), "2 polite of 3");
        assertEquals(Optional.empty(), detector.detect("좋아요. 나도 좋아."), "a tie");
        assertEquals(Optional.empty(), detector.detect("서울 날씨"), "no ending");
        assertEquals(Optional.empty(), detector.detect(""));
    }
}
