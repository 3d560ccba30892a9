package dev.hanlm.studio.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PiiFilterTest {
    private static final PiiFilter FILTER = new PiiFilter();

    /** The one span found in {@code text}, as its text and kind. */
    private static String found(String text) {
        List<Span> spans = FILTER.check(text).spans();
        assertEquals(1, spans.size(), () -> text + ": " + spans);
        return text.substring(spans.getFirst().start(), spans.getFirst().end()) + "|" + spans.getFirst().kind();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "연락처는 010-1234-5678입니다; 010-1234-5678|전화번호",
            "01012345678로 전화; 01012345678|전화번호",
            "010 1234 5678; 010 1234 5678|전화번호",
            "회사 02-123-4567 번; 02-123-4567|전화번호",
            "(031) 123-4567; (031) 123-4567|전화번호",
            "+82 10-1234-5678 입니다; +82 10-1234-5678|전화번호",
            "메일 hong.gildong@example.co.kr 로; hong.gildong@example.co.kr|이메일",
            "주민번호 900101-1234568 입니다; 900101-1234568|주민등록번호",
            "8503152123450; 8503152123450|주민등록번호",
            "2021년생 210315-3999999; 210315-3999999|주민등록번호",
            "카드 4111 1111 1111 1111 결제; 4111 1111 1111 1111|카드번호",
            "5500-0000-0000-0004; 5500-0000-0000-0004|카드번호",
            "아멕스 3782-822463-10005; 3782-822463-10005|카드번호",
            "국민 123456-78-901234 로 입금; 123456-78-901234|계좌번호",
            "신한 110-123-456789; 110-123-456789|계좌번호",
            "하나 123-456789-12345; 123-456789-12345|계좌번호",
            "카카오뱅크 3333-01-1234567; 3333-01-1234567|계좌번호"})
    void eachKindIsFound(String text, String expected) {
        assertEquals(expected, found(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "회의는 2024-01-15에 합니다",           // a date
            "주문번호 20240115123456",              // an order number, not Luhn-valid
            "1234-5678-9012-3456",                  // a card number that fails Luhn
            "900101-1234569",                       // a resident number with the wrong check digit
            "991332-1234567",                       // month 13
            "020229-3123459",                       // 29 February 2002 does not exist
            "사업자번호 123-45-67890",               // 3-2-5: a business number, not an account
            "버전 010.1234",                         // too short for a phone
            "user@localhost",                       // no domain
            "주문 1012345678 건"})                   // no leading 0
    void nearMissesPass(String text) {
        assertEquals(List.of(), FILTER.check(text).spans(), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "전화 010-1234-5678, 메일 a@b.com; 전화 [전화번호], 메일 [이메일]",
            "900101-1234568 / 4111111111111111; [주민등록번호] / [카드번호]",
            "계좌 110-123-456789 으로; 계좌 [계좌번호] 으로"})
    void maskingReplacesEachSpanByItsPlaceholder(String text, String masked) {
        assertEquals(masked, Spans.mask(text, FILTER.check(text).spans()));
    }
}
