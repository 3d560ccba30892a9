package dev.hanlm.studio.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hanlm.studio.RequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestSetTest {
    @Test
    void csvKeepsQuotedCommasQuotesAndLineBreaks() {
        TestSet set = TestSet.parse("t.csv", "\uFEFFid,Input,label\r\n1,\"좋아, \"\"정말\"\"\nTwo lines\",긍정\r\n2,별로,부정\n");
        assertEquals(List.of(new TestSet.Row("좋아, \"정말\"\nTwo lines", "긍정"), new TestSet.Row("별로", "부정")), set.rows());
    }

    @Test
    void jsonlTakesOutputLabelOrExpected() {
        TestSet set = TestSet.parse("t.jsonl", "{\"input\": \"a\", \"label\": \"x\"}\n\n{\"input\": \"b\", \"expected\": 3}\n");
        assertEquals(List.of(new TestSet.Row("a", "x"), new TestSet.Row("b", "3")), set.rows());
    }

    @Test
    void aMalformedFileIsRefusedNamingWhere() {
        record Case(String name, String content, String says) {}
        for (Case c : List.of(new Case("t.csv", "question,answer\nq,a\n", "header"),
                new Case("t.csv", "input,output\na,b,c\n", "record 2"),
                new Case("t.csv", "input,output\n\"a,b\n", "never ends"),
                new Case("t.jsonl", "{\"input\": \"a\"}\n", "line 1"),
                new Case("t.jsonl", "", "no rows"))) {
            RequestException e = assertThrows(RequestException.class, () -> TestSet.parse(c.name(), c.content()));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(c.says()), e.getMessage());
        }
    }
}
