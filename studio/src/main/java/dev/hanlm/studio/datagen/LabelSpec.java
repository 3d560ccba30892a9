package dev.hanlm.studio.datagen;

/** A label to create utterances for, and one line saying what belongs to it. */
public record LabelSpec(String name, String description) {
    public LabelSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a label has no name");
        name = name.strip();
        description = description == null ? "" : description.strip();
    }
}
