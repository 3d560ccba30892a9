package dev.hanlm.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Chooses the demonstrations under one seed: the pool is shuffled once by the seed, and an item's k shots are the
 * first k items of that order that are not the item itself. So no item is its own demonstration, and all items but
 * the first k of the order share one few-shot block, whose KV cache the scorer then reuses from item to item.
 */
public final class ShotSampler {
    private final List<Integer> order;

    public ShotSampler(int poolSize, long seed) {
        List<Integer> indices = new ArrayList<>(IntStream.range(0, poolSize).boxed().toList());
        Collections.shuffle(indices, new Random(seed));
        this.order = indices;
    }

    /** The pool indices of item {@code item}'s demonstrations, in prompt order (fewer when the pool is too small). */
    public List<Integer> shots(int item, int k) {
        List<Integer> out = new ArrayList<>(k);
        for (int i = 0; i < order.size() && out.size() < k; i++) if (order.get(i) != item) out.add(order.get(i));
        return out;
    }
}
