package dev.hanlm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private final LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-4, 10, 110);

    @Test
    void warmsUpLinearlyFromTheFirstUpdate() {
        assertEquals(1e-4, schedule.at(0), 1e-12);
        assertEquals(5e-4, schedule.at(4), 1e-12);
        assertEquals(1e-3, schedule.at(9), 1e-12);
    }

    @Test
    void decaysAlongACosineToTheMinimum() {
        assertEquals(1e-3, schedule.at(10), 1e-12);
        // halfway through the decay the cosine is 0: the mean of peak and minimum
        assertEquals(5.5e-4, schedule.at(60), 1e-12);
        assertEquals(1e-4 + 0.5 * (1 + Math.cos(Math.PI * 0.25)) * 9e-4, schedule.at(35), 1e-12);
        assertEquals(1e-4, schedule.at(110), 1e-12);
        assertEquals(1e-4, schedule.at(500), 1e-12);
    }

    @Test
    void withoutWarmupStartsAtThePeak() {
        assertEquals(1e-3, new LearningRateSchedule(1e-3, 0, 0, 100).at(0), 1e-12);
    }

    @Test
    void refusesImpossibleRates() {
        assertThrows(TrainingException.class, () -> new LearningRateSchedule(0, 0, 0, 10));
        assertThrows(TrainingException.class, () -> new LearningRateSchedule(1e-3, 1e-2, 0, 10));
    }
}
