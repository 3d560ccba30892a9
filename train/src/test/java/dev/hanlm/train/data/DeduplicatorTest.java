package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
    @Test
    void secondSightingOfTheSameTextIsADuplicate() {
        Deduplicator dedup = new Deduplicator();
        assertTrue(dedup.firstSeen(DocumentHash.of("안녕하세요")));
        assertFalse(dedup.firstSeen(DocumentHash.of("안녕하세요")));
        assertTrue(dedup.firstSeen(DocumentHash.of("안녕하세요.")), "one character more is another document");
        assertEquals(2, dedup.size());
    }

    @Test
    void remembersEverythingAcrossGrowth() {
        Deduplicator dedup = new Deduplicator();
        for (int i = 0; i < 50_000; i++) assertTrue(dedup.firstSeen(DocumentHash.of("문서 " + i)));
        for (int i = 0; i < 50_000; i++) assertFalse(dedup.firstSeen(DocumentHash.of("문서 " + i)), "document " + i);
        assertEquals(50_000, dedup.size());
    }

    @Test
    void theAllZeroHashIsStoredToo() {
        Deduplicator dedup = new Deduplicator();
        assertTrue(dedup.firstSeen(new DocumentHash(0, 0)));
        assertFalse(dedup.firstSeen(new DocumentHash(0, 0)));
    }

    @Test
    void survivesJavaSerializationAsSparkShipsIt() throws Exception {
        Deduplicator dedup = new Deduplicator();
        dedup.firstSeen(DocumentHash.of("가"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(dedup);
        }
        Deduplicator copy = (Deduplicator) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertFalse(copy.firstSeen(DocumentHash.of("가")));
        assertTrue(copy.firstSeen(DocumentHash.of("나")));
    }
}
