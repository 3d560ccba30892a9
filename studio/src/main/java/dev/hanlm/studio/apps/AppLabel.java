package dev.hanlm.studio.apps;

/**
 * A name such as {@code production} pointing at a version of an App.
 *
 * @param previous the version it pointed at before its last move (where a rollback takes it); null for none
 */
public record AppLabel(String name, int version, Integer previous, long updated) {}
