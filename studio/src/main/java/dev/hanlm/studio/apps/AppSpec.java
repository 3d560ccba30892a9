package dev.hanlm.studio.apps;

import dev.hanlm.studio.filter.FilterSettings;
import dev.hanlm.studio.prompt.PromptSpec;
import dev.hanlm.studio.prompt.StudioParameters;
import java.util.List;

/**
 * What one version of an App runs: its prompt, CLOVA Studio's parameters, the model, the App's default AI filters
 * (null for none), and a p-tuned prompt (the id of one under the data directory; null for none), which then takes the
 * place of the instruction and examples.
 */
public record AppSpec(PromptSpec prompt, StudioParameters parameters, String model, FilterSettings filters, String tunedPrompt) {
    public AppSpec {
        if (prompt == null) prompt = PromptSpec.of("", List.of());
        if (parameters == null) parameters = StudioParameters.defaults();
    }
}
