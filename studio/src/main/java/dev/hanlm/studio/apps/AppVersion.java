package dev.hanlm.studio.apps;

/** A saved version of an App, which never changes: a later save makes the next version. */
public record AppVersion(String app, int version, long created, AppSpec spec) {}
