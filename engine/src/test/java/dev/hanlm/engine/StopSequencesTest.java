package dev.hanlm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequencesTest {

    @Test
    void aStopSequenceSplitOverThreePiecesIsHeldBackAndCut() {
        StopSequences s = new StopSequences(List.of("STOP"));
        assertEquals("Hel", s.push("Hel"));
        assertEquals("lo ", s.push("lo ST"));
        assertEquals("", s.push("O"));
        assertFalse(s.stopped());
        assertEquals("", s.push("Pxyz"));
        assertTrue(s.stopped());
        assertEquals("", s.push("more"), "nothing after a stop");
    }

    @Test
    void aFalseStartIsReleasedOnceItCanNoLongerBeAStop() {
        StopSequences s = new StopSequences(List.of("STOP"));
        assertEquals("a", s.push("aST"));
        assertEquals("STAR", s.push("AR"));
        assertEquals("", s.push("ST"));
        assertEquals("ST", s.flush(), "held text comes out when generation ends otherwise");
    }

    @Test
    void theEarliestStopWinsAndTextBeforeItInTheSamePieceIsReleased() {
        StopSequences s = new StopSequences(List.of("world", "lo w"));
        assertEquals("hel", s.push("hello world"));
        assertTrue(s.stopped());
    }

    @Test
    void koreanStopsMatchAcrossPieces() {
        StopSequences s = new StopSequences(List.of("\n사용자:"));
        assertEquals("네, 알겠습니다.", s.push("네, 알겠습니다.\n사"));
        assertEquals("", s.push("용"));
        assertEquals("", s.push("자: 다음"));
        assertTrue(s.stopped());
    }

    @Test
    void withoutStopsEverythingIsReleasedAtOnce() {
        StopSequences s = new StopSequences(List.of());
        assertEquals("abc", s.push("abc"));
        assertEquals("", s.flush());
    }
}
