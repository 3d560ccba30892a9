package dev.hanlm.studio.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.hanlm.engine.EngineException;
import dev.hanlm.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat template of a model's {@code tokenizer_config.json}, rendered as transformers'
 * {@code apply_chat_template(messages, add_generation_prompt=True)} does: Jinja with {@code trim_blocks} and
 * {@code lstrip_blocks}, the variables {@code messages}, {@code add_generation_prompt}, {@code bos_token} and
 * {@code eos_token}, and the function {@code raise_exception}. The rendered text carries its own special tokens, so
 * it is encoded without the tokenizer's post-processor; the eos token's text also ends a reply.
 */
public final class ChatTemplate implements ChatFormat {
    public static final String CONFIG_FILE = "tokenizer_config.json";

    private final Path file;
    private final String template;
    private final String bosToken;
    private final String eosToken;
    private final Jinjava jinja;

    ChatTemplate(Path file, String template, String bosToken, String eosToken) {
        this.file = file;
        this.template = template;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.jinja = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
        jinja.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception", ChatTemplate.class,
                "raiseException", String.class));
    }

    /** The template of {@code modelDir}, if its {@code tokenizer_config.json} has one. */
    public static Optional<ChatTemplate> read(Path modelDir) {
        Path file = modelDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        String template = templateText(config.path("chat_template"));
        if (template == null) return Optional.empty();
        return Optional.of(new ChatTemplate(file, template, tokenText(config.get("bos_token")), tokenText(config.get("eos_token"))));
    }

    /** A template is a string, or a list of named ones of which hanlm uses {@code default}. */
    private static String templateText(JsonNode node) {
        if (node.isTextual()) return node.asText();
        for (JsonNode named : node) {
            if ("default".equals(named.path("name").asText())) return named.path("template").asText();
        }
        return null;
    }

    /** A special token is written as its text or as an object with a {@code content} field. */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) return "";
        return node.isTextual() ? node.asText() : node.path("content").asText("");
    }

    @Override
    public String render(List<ChatMessage> messages) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChatMessage m : messages) list.add(Map.of("role", m.role(), "content", m.content()));
        Map<String, Object> context = new HashMap<>();
        context.put("messages", list);
        context.put("add_generation_prompt", true);
        context.put("bos_token", bosToken);
        context.put("eos_token", eosToken);
        RenderResult result = jinja.renderForResult(template, context);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw refusal(error.getException()).orElseGet(() ->
                        new EngineException("the chat template of " + file + " fails: " + error.getMessage()));
            }
        }
        return result.getOutput();
    }

    /** The template's own {@code raise_exception}, which Jinjava wraps in its errors. */
    private static Optional<EngineException> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EngineException refused) return Optional.of(refused);
        }
        return Optional.empty();
    }

    /** The rendered text carries its own special tokens: the post-processor adds none. */
    @Override
    public int[] encode(Tokenizer tokenizer, String rendered) {
        return tokenizer.encode(rendered, false);
    }

    @Override
    public List<String> stops() {
        return eosToken.isEmpty() ? List.of() : List.of(eosToken);
    }

    @Override
    public String describe() {
        return "the chat template of " + file.getFileName();
    }

    /** Templates call {@code raise_exception(message)} to refuse a conversation (e.g. roles that do not alternate). */
    public static String raiseException(String message) {
        throw new EngineException("the chat template refuses the conversation: " + message);
    }
}
