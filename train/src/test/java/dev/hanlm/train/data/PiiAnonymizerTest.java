package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiAnonymizerTest {
    private final PiiAnonymizer anonymizer = new PiiAnonymizer();

    @Test
    void eachKindIsReplacedByItsPlaceholderAndCounted() {
        PiiAnonymizer.Anonymized out = anonymizer.anonymize(
                "전화 010-1234-5678 또는 02-123-4567, 메일 a@b.com, 여권 M12345678, 면허 11-19-123456-01, 계좌 110-123-456789, "
                        + "카드 4111111111111111, 주민 900101-1234568.");
        assertEquals("전화 [전화번호] 또는 [전화번호], 메일 [이메일], 여권 [여권번호], 면허 [운전면허번호], 계좌 [계좌번호], "
                + "카드 [카드번호], 주민 [주민등록번호].", out.text());
        assertEquals(Map.of(PersonalData.PHONE, 2L, PersonalData.EMAIL, 1L, PersonalData.PASSPORT, 1L, PersonalData.DRIVER_LICENSE, 1L,
                PersonalData.ACCOUNT, 1L, PersonalData.CARD, 1L, PersonalData.RESIDENT_NUMBER, 1L), out.replaced());
    }

    @Test
    void aTextWithoutPersonalDataComesBackUnchanged() {
        String text = "2024-01-15 회의, 주문번호 20240115123456, 버전 010.1234";
        PiiAnonymizer.Anonymized out = anonymizer.anonymize(text);
        assertSame(text, out.text());
        assertEquals(Map.of(), out.replaced());
    }

    @Test
    void theDocumentCleanerAnonymizesWhatItKeeps() {
        DocumentCleaner.Cleaned cleaned = CleaningSettings.DEFAULTS.cleaner().clean("문의는 hong@example.com 으로 보내 주시면 확인 후 답변드리겠습니다.");
        assertEquals("문의는 [이메일] 으로 보내 주시면 확인 후 답변드리겠습니다.", cleaned.text());
        assertEquals(Map.of(PersonalData.EMAIL, 1L), cleaned.piiReplaced());
    }
}
