package dev.hanlm.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalDataTest {
    /** The one span found in {@code text}, as its text and kind. */
    private static String found(String text) {
        List<TextSpan> spans = PersonalData.find(text);
        assertEquals(1, spans.size(), () -> text + ": " + spans);
        return text.substring(spans.getFirst().start(), spans.getFirst().end()) + "|" + spans.getFirst().kind();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "연락처는 010-1234-5678입니다; 010-1234-5678|전화번호",
            "01012345678로 전화; 01012345678|전화번호",
            "+82 10-1234-5678 입니다; +82 10-1234-5678|전화번호",
            "회사 02-123-4567 번; 02-123-4567|전화번호",
            "(031) 123-4567; (031) 123-4567|전화번호",
            "메일 hong.gildong@example.co.kr 로; hong.gildong@example.co.kr|이메일",
            "주민번호 900101-1234568 입니다; 900101-1234568|주민등록번호",
            "8503152123450; 8503152123450|주민등록번호",
            "2021년생 210315-3999999; 210315-3999999|주민등록번호",
            "카드 4111 1111 1111 1111 결제; 4111 1111 1111 1111|카드번호",
            "5500-0000-0000-0004; 5500-0000-0000-0004|카드번호",
            "신한 110-123-456789; 110-123-456789|계좌번호",
            "국민 123456-78-901234 로 입금; 123456-78-901234|계좌번호",
            "여권 M12345678 입니다; M12345678|여권번호",
            "새 여권 M123A4567; M123A4567|여권번호",
            "면허 11-19-123456-01 소지; 11-19-123456-01|운전면허번호",
            "면허 서울 19-123456-01; 19-123456-01|운전면허번호"})
    void eachPatternIsFound(String text, String expected) {
        assertEquals(expected, found(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "버전 010.1234; phone: too short",
            "010-1234-56789; phone: a digit too many",
            "0212345678; phone: a landline without separators is too common a digit run",
            "user@localhost; e-mail: no domain",
            "a@b.c; e-mail: a one-letter top-level domain",
            "900101-1234569; resident number: wrong check digit",
            "991332-1234567; resident number: month 13",
            "900101-5234567; resident number: 5 is not a sex and century digit",
            "1234-5678-9012-3456; card: fails the Luhn check",
            "주문번호 20240115123456; card: an order number, not Luhn-valid",
            "사업자번호 123-45-67890; account: 3-2-5 is a business number",
            "회의는 2024-01-15에 합니다; account: a date",
            "m12345678; passport: lower case",
            "A12345678; passport: A is not a passport type",
            "M1234567; passport: seven digits",
            "27-19-123456-01; licence: 27 is no region",
            "11-19-123456-1; licence: a one-digit check",
            "19-123456-01; licence: no region in front"})
    void nearMissesAreLeftAlone(String text, String why) {
        assertEquals(List.of(), PersonalData.find(text), why);
    }

    @Test
    void spansComeInOrderWithoutOverlap() {
        String text = "a@b.com 010-1234-5678 900101-1234568";
        assertEquals(List.of(PersonalData.EMAIL, PersonalData.PHONE, PersonalData.RESIDENT_NUMBER),
                PersonalData.find(text).stream().map(TextSpan::kind).toList());
    }

    @Test
    void theChecksAgreeWithHandComputedDigits() {
        // 9+0... weights 2..9,2..5 over 900101123456: sum 9*2+0+0+1*5+0+1*7+1*8+2*9+3*2+4*3+5*4+6*5 = 124; (11 - 124 % 11) % 10 = 8
        assertTrue(PersonalData.validResidentNumber("900101-1234568"));
        assertFalse(PersonalData.validResidentNumber("900101-1234567"));
        assertTrue(PersonalData.luhn("4111 1111 1111 1111"));
        assertFalse(PersonalData.luhn("4111 1111 1111 1112"));
    }
}
