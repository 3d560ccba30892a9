package dev.hanlm.studio.remote;

import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * A model served by an OpenAI-compatible server elsewhere (vLLM, TGI, a hosted API, another hanlm).
 *
 * @param id            the model id clients name here
 * @param baseUrl       the server's address, without {@code /v1}: requests go to {@code {baseUrl}/v1/...}
 * @param upstreamModel the model's name on that server
 * @param apiKey        sent as {@code Authorization: Bearer ...}; null for none. Never printed: {@link #toString()}
 *                      leaves it out
 */
public record RemoteModel(String id, URI baseUrl, String upstreamModel, String apiKey) {
    public RemoteModel {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a remote model needs a name");
        String scheme = baseUrl.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the URL of remote model '" + id + "' must be http:// or https:// with a host, not "
                    + baseUrl);
        }
        // OpenAI clients take the base URL with /v1; accept it either way
        String url = baseUrl.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
        baseUrl = URI.create(url);
        if (upstreamModel == null || upstreamModel.isEmpty()) upstreamModel = id;
    }

    /**
     * Parses {@code NAME=URL[,model=UPSTREAM_MODEL][,key-env=ENV_VAR]}, reading the key from the environment variable
     * named (so that it never appears on a command line).
     *
     * @param env looks up an environment variable; null when it is not set
     */
    public static RemoteModel parse(String spec, UnaryOperator<String> env) {
        String[] parts = spec.split(",");
        int eq = parts[0].indexOf('=');
        if (eq < 1) throw new IllegalArgumentException("'" + spec + "' is not NAME=URL[,model=UPSTREAM_MODEL][,key-env=ENV_VAR]");
        String id = parts[0].substring(0, eq);
        String model = null, key = null;
        for (int i = 1; i < parts.length; i++) {
            String[] option = parts[i].split("=", 2);
            String value = option.length == 2 ? option[1] : "";
            switch (option[0]) {
                case "model" -> model = value;
                case "key-env" -> {
                    key = env.apply(value);
                    if (key == null || key.isEmpty()) {
                        throw new IllegalArgumentException("the environment variable '" + value + "' (key-env of remote model '"
                                + id + "') is not set");
                    }
                }
                default -> throw new IllegalArgumentException("remote model '" + id + "' has an unknown option '" + option[0]
                        + "'; the options are model= and key-env=");
            }
        }
        try {
            return new RemoteModel(id, URI.create(parts[0].substring(eq + 1)), model, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("the URL") ? e.getMessage()
                    : "the URL of remote model '" + id + "' is not valid: " + e.getMessage(), e);
        }
    }

    /** {@code baseUrl} with {@code path} after it. */
    URI endpoint(String path) {
        return URI.create(baseUrl + path);
    }

    @Override
    public String toString() {
        return "RemoteModel[" + id + " = " + upstreamModel + " at " + baseUrl + (apiKey == null ? "" : ", with a key") + "]";
    }
}
