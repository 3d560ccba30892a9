package dev.hanlm.studio.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hanlm.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates of well-known model families rendered with Jinjava, against what Python's jinja2 3.1.6 renders with
 * transformers' settings ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)},
 * {@code bos_token="<s>"}, {@code eos_token="</s>"}, {@code add_generation_prompt=True}).
 */
class ChatTemplateTest {
    private static final List<ChatMessage> CONVERSATION = List.of(ChatMessage.system("너는 친절한 AI야."),
            ChatMessage.user(" 안녕? "), ChatMessage.assistant("안녕하세요!"), ChatMessage.user("날씨 어때?"));

    @TempDir
    Path dir;

    private ChatTemplate template(String text) throws IOException {
        ObjectNode config = new ObjectMapper().createObjectNode().put("chat_template", text).put("bos_token", "<s>");
        config.putObject("eos_token").put("content", "</s>");
        Files.writeString(dir.resolve(ChatTemplate.CONFIG_FILE), config.toString());
        return ChatTemplate.read(dir).orElseThrow();
    }

    @Test
    void chatMl() throws IOException {
        String t = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        assertEquals("<|im_start|>system\n너는 친절한 AI야.<|im_end|>\n<|im_start|>user\n 안녕? <|im_end|>\n<|im_start|>assistant\n안녕하세요!<|im_end|>\n<|im_start|>user\n날씨 어때?<|im_end|>\n<|im_start|>assistant\n",
                template(t).render(CONVERSATION));
    }

    @Test
    void llama3WithSetTrimAndBos() throws IOException {
        String t = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
        assertEquals("<s><|start_header_id|>system<|end_header_id|>\n\n너는 친절한 AI야.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n안녕?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n안녕하세요!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n날씨 어때?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                template(t).render(CONVERSATION));
    }

    @Test
    void blockWhitespaceIsTrimmedAsTransformersDoes() throws IOException {
        String t = "{%- for message in messages %}\n{%- if message.role == 'system' %}\n{{ message.content }}\n{% else %}\n<|{{ message.role }}|>\n{{ message.content }}\n{% endif %}\n{%- endfor %}\n{%- if add_generation_prompt %}\n<|assistant|>\n{% endif %}";
        assertEquals("너는 친절한 AI야.\n<|user|>\n 안녕? \n<|assistant|>\n안녕하세요!\n<|user|>\n날씨 어때?\n<|assistant|>\n",
                template(t).render(CONVERSATION));
    }

    @Test
    void raiseExceptionRefusesTheConversationWithTheTemplatesMessage() throws IOException {
        String t = "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}";
        ChatTemplate template = template(t);
        assertEquals("<s>[INST]  안녕?  [/INST]안녕하세요!</s>[INST] 날씨 어때? [/INST]", template.render(CONVERSATION.subList(1, 4)));
        EngineException e = assertThrows(EngineException.class, () -> template.render(CONVERSATION));
        assertTrue(e.getMessage().contains("Conversation roles must alternate"), e.getMessage());
        assertEquals(List.of("</s>"), template.stops(), "the eos token's text ends a reply");
    }

    @Test
    void aConfigWithoutTemplateMeansThePlainFormat() throws IOException {
        Files.writeString(dir.resolve(ChatTemplate.CONFIG_FILE), "{\"eos_token\": \"</s>\"}");
        assertFalse(ChatTemplate.read(dir).isPresent());
        assertEquals("너는 친절한 AI야.\n사용자:  안녕? \nAI: 안녕하세요!\n사용자: 날씨 어때?\nAI:", new PlainChatFormat().render(CONVERSATION));
    }
}
