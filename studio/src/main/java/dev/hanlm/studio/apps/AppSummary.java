package dev.hanlm.studio.apps;

import java.util.List;

/** An App in a list: its name, when it was made, its latest version and its labels. */
public record AppSummary(String name, long created, int latestVersion, List<AppLabel> labels) {}
