package dev.hanlm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes HF tokenizers' {@code tokenizer.json} for the byte-level BPE kind (GPT-2, Llama 3)
 * and the Metaspace / char-BPE kind (KoGPT2, Llama 2). A component of any other kind is refused with
 * a message that names it.
 */
final class TokenizerJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TokenizerJson() {}

    static Tokenizer read(JsonNode root, Tokenizer.MorphemeSettings morphemes) {
        if (root == null || !root.isObject()) throw new TokenizerException("the file is not a JSON object");
        JsonNode modelNode = required(root, "model", "the root");
        PreTokenizer pre = preTokenizer(root.get("pre_tokenizer"));
        BpeModel model = model(modelNode, usesByteLevel(root.get("pre_tokenizer")));
        return new Tokenizer(normalizer(root.get("normalizer")), pre, model, decoder(root.get("decoder")),
                addedTokens(root.get("added_tokens")), morphemes, postProcessor(root.get("post_processor"), model));
    }

    // ---- reading

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new TokenizerException(where + " has no '" + field + "'");
        return v;
    }

    private static String type(JsonNode node, String part) {
        JsonNode t = node.get("type");
        if (t == null || !t.isTextual()) throw new TokenizerException("the " + part + " has no 'type'");
        return t.asText();
    }

    private static TokenizerException unsupported(String part, String type, String supported) {
        return new TokenizerException("unsupported " + part + " type '" + type + "' (hanlm reads " + supported + ")");
    }

    private static Normalizer normalizer(JsonNode node) {
        if (node == null || node.isNull()) return Normalizer.none();
        String type = type(node, "normalizer");
        return switch (type) {
            case "NFC" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFC);
            case "NFKC" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFKC);
            case "NFD" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFD);
            case "NFKD" -> new Normalizer.Unicode(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new Normalizer.Lowercase();
            case "Prepend" -> new Normalizer.Prepend(required(node, "prepend", "the Prepend normalizer").asText());
            case "Replace" -> new Normalizer.Replace(stringPattern(node, "normalizer"), node.path("content").asText());
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonNode n : required(node, "normalizers", "the Sequence normalizer")) steps.add(normalizer(n));
                yield new Normalizer.Sequence(steps);
            }
            default -> throw unsupported("normalizer", type, "NFC, NFKC, NFD, NFKD, Lowercase, Prepend, Replace and Sequence");
        };
    }

    private static String stringPattern(JsonNode node, String part) {
        JsonNode pattern = required(node, "pattern", "the Replace " + part);
        if (!pattern.has("String")) throw new TokenizerException("the Replace " + part + " uses a regex pattern; hanlm reads only String patterns there");
        return pattern.get("String").asText();
    }

    private static boolean usesByteLevel(JsonNode node) {
        if (node == null || node.isNull()) return false;
        if ("ByteLevel".equals(node.path("type").asText())) return true;
        for (JsonNode n : node.path("pretokenizers")) if (usesByteLevel(n)) return true;
        return false;
    }

    private static PreTokenizer preTokenizer(JsonNode node) {
        if (node == null || node.isNull()) return new PreTokenizer.Whole();
        String type = type(node, "pre_tokenizer");
        return switch (type) {
            case "ByteLevel" -> node.path("use_regex").asBoolean(true)
                    ? new GptSplitter(node.path("add_prefix_space").asBoolean(false))
                    : prefixOnly(node.path("add_prefix_space").asBoolean(false));
            case "Metaspace" -> metaspace(node);
            case "Split" -> split(node);
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode n : required(node, "pretokenizers", "the Sequence pre_tokenizer")) steps.add(preTokenizer(n));
                yield new PreTokenizer.Sequence(steps);
            }
            default -> throw unsupported("pre_tokenizer", type, "ByteLevel, Metaspace, Split and Sequence");
        };
    }

    private static PreTokenizer prefixOnly(boolean addPrefixSpace) {
        if (addPrefixSpace) throw new TokenizerException("a ByteLevel pre_tokenizer with use_regex false and add_prefix_space true is not supported");
        return new PreTokenizer.Whole();
    }

    private static Metaspace metaspace(JsonNode node) {
        String replacement = node.path("replacement").asText("▁");
        if (replacement.length() != 1) throw new TokenizerException("the Metaspace replacement must be one character, not '" + replacement + "'");
        Metaspace.PrependScheme scheme;
        if (node.has("prepend_scheme")) {
            scheme = switch (node.get("prepend_scheme").asText()) {
                case "always" -> Metaspace.PrependScheme.ALWAYS;
                case "first" -> Metaspace.PrependScheme.FIRST;
                case "never" -> Metaspace.PrependScheme.NEVER;
                default -> throw new TokenizerException("unknown Metaspace prepend_scheme '" + node.get("prepend_scheme").asText() + "'");
            };
        } else {
            scheme = node.path("add_prefix_space").asBoolean(true) ? Metaspace.PrependScheme.ALWAYS : Metaspace.PrependScheme.NEVER;
        }
        return new Metaspace(replacement.charAt(0), scheme, node.path("split").asBoolean(true));
    }

    private static RegexSplitter split(JsonNode node) {
        String behavior = node.path("behavior").asText("Isolated");
        if (!behavior.equals("Isolated")) throw new TokenizerException("unsupported Split behavior '" + behavior + "' (hanlm reads Isolated)");
        if (node.path("invert").asBoolean(false)) throw new TokenizerException("unsupported Split with invert true");
        JsonNode pattern = required(node, "pattern", "the Split pre_tokenizer");
        Pattern compiled;
        if (pattern.has("Regex")) {
            try {
                compiled = Pattern.compile(pattern.get("Regex").asText(), Pattern.UNICODE_CHARACTER_CLASS);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new TokenizerException("the Split regex cannot be read by Java: " + e.getDescription());
            }
        } else {
            compiled = Pattern.compile(Pattern.quote(required(pattern, "String", "the Split pattern").asText()));
        }
        return new RegexSplitter(compiled);
    }

    private static BpeModel model(JsonNode node, boolean byteLevel) {
        String type = node.path("type").asText("BPE");
        if (!type.equals("BPE")) throw unsupported("model", type, "BPE");
        if (!node.path("dropout").isNull() && !node.path("dropout").isMissingNode()) throw new TokenizerException("BPE dropout is not supported");
        for (String field : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            JsonNode v = node.get(field);
            if (v != null && !v.isNull() && !v.asText().isEmpty()) throw new TokenizerException("unsupported BPE setting " + field + " '" + v.asText() + "'");
        }
        JsonNode vocabNode = required(node, "vocab", "the model");
        if (!vocabNode.isObject()) throw new TokenizerException("the model's vocab must be an object of token -> id");
        String[] vocab = new String[vocabNode.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int id = e.getValue().asInt(-1);
            if (!e.getValue().canConvertToInt() || id < 0 || id >= vocab.length) {
                throw new TokenizerException("vocab entry '" + e.getKey() + "' has id " + e.getValue() + ", outside 0.." + (vocab.length - 1));
            }
            if (vocab[id] != null) throw new TokenizerException("vocab id " + id + " is given to both '" + vocab[id] + "' and '" + e.getKey() + "'");
            vocab[id] = e.getKey();
        }
        List<String[]> merges = new ArrayList<>();
        for (JsonNode m : node.path("merges")) merges.add(merge(m, merges.size()));
        JsonNode unk = node.get("unk_token");
        return new BpeModel(vocab, merges, new BpeModel.Options(byteLevel, unk == null || unk.isNull() ? null : unk.asText(),
                node.path("fuse_unk").asBoolean(false), node.path("byte_fallback").asBoolean(false),
                node.path("ignore_merges").asBoolean(false)));
    }

    private static String[] merge(JsonNode m, int rank) {
        if (m.isArray() && m.size() == 2) return new String[] {m.get(0).asText(), m.get(1).asText()};
        if (m.isTextual()) {
            String[] parts = m.asText().split(" ", -1);
            if (parts.length == 2) return parts;
        }
        throw new TokenizerException("merge " + rank + " (" + m + ") is not a pair of tokens");
    }

    private static Decoder decoder(JsonNode node) {
        if (node == null || node.isNull()) return new Decoder.Fuse();
        String type = type(node, "decoder");
        return switch (type) {
            case "ByteLevel" -> new Decoder.ByteLevelDecoder();
            case "Metaspace" -> {
                Metaspace m = metaspace(node);
                yield new Decoder.MetaspaceDecoder(m.replacement(), m.prependScheme() != Metaspace.PrependScheme.NEVER);
            }
            case "Replace" -> new Decoder.Replace(stringPattern(node, "decoder"), node.path("content").asText());
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Strip" -> {
                String content = node.path("content").asText(" ");
                if (content.length() != 1) throw new TokenizerException("the Strip decoder's content must be one character");
                yield new Decoder.Strip(content.charAt(0), node.path("start").asInt(0), node.path("stop").asInt(0));
            }
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonNode n : required(node, "decoders", "the Sequence decoder")) steps.add(decoder(n));
                yield new Decoder.Sequence(steps);
            }
            default -> throw unsupported("decoder", type, "ByteLevel, Metaspace, Replace, ByteFallback, Fuse, Strip and Sequence");
        };
    }

    private static List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (node == null || node.isNull()) return out;
        for (JsonNode t : node) {
            out.add(new AddedToken(required(t, "id", "an added token").asInt(), required(t, "content", "an added token").asText(),
                    t.path("special").asBoolean(false), t.path("single_word").asBoolean(false),
                    t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false), t.path("normalized").asBoolean(false)));
        }
        return out;
    }

    private static Tokenizer.PostProcessor postProcessor(JsonNode node, BpeModel model) {
        if (node == null || node.isNull()) return null;
        String type = type(node, "post_processor");
        return switch (type) {
            case "ByteLevel" -> null;
            case "TemplateProcessing" -> template(node, model);
            case "Sequence" -> {
                Tokenizer.PostProcessor found = null;
                for (JsonNode n : required(node, "processors", "the Sequence post_processor")) {
                    Tokenizer.PostProcessor p = postProcessor(n, model);
                    if (p != null) found = p;
                }
                yield found == null ? null : new Tokenizer.PostProcessor(found.prefix(), found.suffix(), node);
            }
            default -> throw unsupported("post_processor", type, "ByteLevel, TemplateProcessing and Sequence");
        };
    }

    private static Tokenizer.PostProcessor template(JsonNode node, BpeModel model) {
        IntList prefix = new IntList(), suffix = new IntList();
        boolean seenSequence = false;
        for (JsonNode item : required(node, "single", "the TemplateProcessing post_processor")) {
            if (item.has("Sequence")) {
                seenSequence = true;
            } else if (item.has("SpecialToken")) {
                String id = item.get("SpecialToken").path("id").asText();
                JsonNode ids = node.path("special_tokens").path(id).path("ids");
                if (!ids.isArray() || ids.isEmpty()) throw new TokenizerException("the TemplateProcessing special token '" + id + "' has no ids");
                for (JsonNode n : ids) {
                    if (n.asInt() < 0 || n.asInt() >= model.size()) throw new TokenizerException("the TemplateProcessing special token '" + id + "' has id " + n + ", outside the vocabulary");
                    (seenSequence ? suffix : prefix).add(n.asInt());
                }
            }
        }
        return new Tokenizer.PostProcessor(prefix.toArray(), suffix.toArray(), node);
    }

    // ---- writing

    static ObjectNode write(Tokenizer t) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken a : t.addedTokens()) {
            added.addObject().put("id", a.id()).put("content", a.content()).put("single_word", a.singleWord())
                    .put("lstrip", a.lstrip()).put("rstrip", a.rstrip()).put("normalized", a.normalized()).put("special", a.special());
        }
        root.set("normalizer", write(t.normalizer()));
        root.set("pre_tokenizer", write(t.basePreTokenizer(), t.model().byteLevel()));
        root.set("post_processor", t.postProcessor() == null ? NODES.nullNode() : t.postProcessor().json());
        root.set("decoder", write(t.decoder()));
        root.set("model", write(t.model()));
        return root;
    }

    private static JsonNode write(Normalizer n) {
        return switch (n) {
            case Normalizer.Unicode u -> NODES.objectNode().put("type", u.form().name());
            case Normalizer.Lowercase l -> NODES.objectNode().put("type", "Lowercase");
            case Normalizer.Prepend p -> NODES.objectNode().put("type", "Prepend").put("prepend", p.prefix());
            case Normalizer.Replace r -> replace(r.pattern(), r.content());
            case Normalizer.Sequence s -> {
                if (s.steps().isEmpty()) yield NODES.nullNode();
                ObjectNode o = NODES.objectNode().put("type", "Sequence");
                ArrayNode steps = o.putArray("normalizers");
                s.steps().forEach(step -> steps.add(write(step)));
                yield o;
            }
        };
    }

    private static ObjectNode replace(String pattern, String content) {
        ObjectNode o = NODES.objectNode().put("type", "Replace");
        o.putObject("pattern").put("String", pattern);
        return o.put("content", content);
    }

    private static JsonNode write(PreTokenizer p, boolean byteLevel) {
        return switch (p) {
            case GptSplitter g -> byteLevelNode(g.addPrefixSpace(), true);
            case PreTokenizer.Whole w -> byteLevel ? byteLevelNode(false, false) : NODES.nullNode();
            case Metaspace m -> metaspaceNode(m);
            case RegexSplitter r -> {
                ObjectNode o = NODES.objectNode().put("type", "Split");
                o.putObject("pattern").put("Regex", r.pattern().pattern());
                yield o.put("behavior", "Isolated").put("invert", false);
            }
            case PreTokenizer.Sequence s -> {
                ObjectNode o = NODES.objectNode().put("type", "Sequence");
                ArrayNode steps = o.putArray("pretokenizers");
                for (int i = 0; i < s.steps().size(); i++) {
                    boolean last = i == s.steps().size() - 1;
                    steps.add(write(s.steps().get(i), byteLevel && last));
                }
                yield o;
            }
            default -> throw new TokenizerException("the pre-tokenizer " + p.getClass().getSimpleName() + " has no tokenizer.json form");
        };
    }

    private static ObjectNode byteLevelNode(boolean addPrefixSpace, boolean useRegex) {
        return NODES.objectNode().put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace)
                .put("trim_offsets", true).put("use_regex", useRegex);
    }

    private static ObjectNode metaspaceNode(Metaspace m) {
        return NODES.objectNode().put("type", "Metaspace").put("replacement", String.valueOf(m.replacement()))
                .put("prepend_scheme", m.prependScheme().name().toLowerCase(java.util.Locale.ROOT)).put("split", m.split());
    }

    private static JsonNode write(Decoder d) {
        return switch (d) {
            case Decoder.ByteLevelDecoder b -> byteLevelNode(false, true);
            case Decoder.MetaspaceDecoder m -> metaspaceNode(new Metaspace(m.replacement(),
                    m.stripPrefix() ? Metaspace.PrependScheme.ALWAYS : Metaspace.PrependScheme.NEVER, true));
            case Decoder.Replace r -> replace(r.pattern(), r.content());
            case Decoder.ByteFallback b -> NODES.objectNode().put("type", "ByteFallback");
            case Decoder.Fuse f -> NODES.objectNode().put("type", "Fuse");
            case Decoder.Strip s -> NODES.objectNode().put("type", "Strip").put("content", String.valueOf(s.content()))
                    .put("start", s.start()).put("stop", s.stop());
            case Decoder.Sequence s -> {
                ObjectNode o = NODES.objectNode().put("type", "Sequence");
                ArrayNode steps = o.putArray("decoders");
                s.steps().forEach(step -> steps.add(write(step)));
                yield o;
            }
        };
    }

    private static ObjectNode write(BpeModel m) {
        ObjectNode o = NODES.objectNode().put("type", "BPE");
        o.putNull("dropout");
        if (m.unkToken() == null) o.putNull("unk_token");
        else o.put("unk_token", m.unkToken());
        o.putNull("continuing_subword_prefix");
        o.putNull("end_of_word_suffix");
        o.put("fuse_unk", m.fuseUnk()).put("byte_fallback", m.byteFallback()).put("ignore_merges", m.ignoreMerges());
        ObjectNode vocab = o.putObject("vocab");
        for (int id = 0; id < m.size(); id++) vocab.put(m.token(id), id);
        ArrayNode merges = o.putArray("merges");
        for (String[] pair : m.merges()) merges.addArray().add(pair[0]).add(pair[1]);
        return o;
    }
}
