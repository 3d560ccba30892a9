package dev.hanlm.studio.eventtitle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a promotion is about: 상품명 (product), 브랜드 (brand), 할인율 (discount), 기간 (period) and 카테고리
 * (category). Any field but the product may be empty.
 */
public record EventFields(String product, String brand, String discount, String period, String category) {
    /** The fields' names in the JSONL sets and in a tuned prompt's template. */
    public static final List<String> NAMES = List.of("product", "brand", "discount", "period", "category");

    public EventFields {
        if (product == null || product.isBlank()) throw new IllegalArgumentException("the event has no product name (상품명)");
        product = product.strip();
        brand = brand == null ? "" : brand.strip();
        discount = discount == null ? "" : discount.strip();
        period = period == null ? "" : period.strip();
        category = category == null ? "" : category.strip();
    }

    /** From an object with the members {@code product}, {@code brand}, {@code discount}, {@code period}, {@code category}. */
    public static EventFields of(JsonNode node) {
        return new EventFields(node.path("product").asText(null), node.path("brand").asText(""), node.path("discount").asText(""),
                node.path("period").asText(""), node.path("category").asText(""));
    }

    /** The fields as the prompt's input line: {@code 상품명 X / 브랜드 Y / ...}, empty ones left out. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, "상품명", product);
        add(parts, "브랜드", brand);
        add(parts, "할인율", discount);
        add(parts, "기간", period);
        add(parts, "카테고리", category);
        return String.join(" / ", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (!value.isEmpty()) parts.add(name + " " + value);
    }

    /** The fields by their {@link #NAMES}, in that order. */
    public Map<String, String> byName() {
        List<String> values = List.of(product, brand, discount, period, category);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.size(); i++) out.put(NAMES.get(i), values.get(i));
        return out;
    }
}
