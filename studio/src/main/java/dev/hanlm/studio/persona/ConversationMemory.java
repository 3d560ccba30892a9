package dev.hanlm.studio.persona;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The turns of a conversation so far, and which of them the next prompt can hold. The rule: the newest turns are
 * kept, whole, while their tokens fit the budget; the oldest are dropped first, never a part of a turn. The persona
 * card and its example turns are not memory: they are always sent.
 */
public final class ConversationMemory {
    private final List<Turn> turns = new ArrayList<>();

    public void add(Turn turn) {
        turns.add(turn);
    }

    public void clear() {
        turns.clear();
    }

    public List<Turn> all() {
        return List.copyOf(turns);
    }

    /** The newest turns, in order, whose costs add up to at most {@code budget}. */
    public List<Turn> recent(int budget, ToIntFunction<Turn> cost) {
        int from = turns.size(), used = 0;
        while (from > 0) {
            int c = cost.applyAsInt(turns.get(from - 1));
            if (used + c > budget) break;
            used += c;
            from--;
        }
        return List.copyOf(turns.subList(from, turns.size()));
    }
}
