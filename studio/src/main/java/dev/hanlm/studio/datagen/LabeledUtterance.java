package dev.hanlm.studio.datagen;

/** A created (or real) example: the utterance and its label's name. */
public record LabeledUtterance(String text, String label) {}
