package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.PaperFile;
import org.paperbot.render.Texts;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks an OpenAI-compatible chat-completions server (OpenAI, a local Ollama or llama.cpp) for a first Russian
 * teaser, summary and key points from the English abstract. Only empty fields are filled, so nothing a person wrote
 * is replaced, and the paper stays a draft for a person to review.
 */
public final class LlmDraft {
    /** The endpoint: base URL (…/v1/chat/completions is appended), model, and an optional key. */
    public record Endpoint(URI base, String model, Optional<String> key) {
    }

    static final List<String> FIELDS = List.of("teaser", "summary", "keyPoints");

    private final Http http;
    private final Endpoint endpoint;
    private final String glossary;
    private final Texts texts;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code glossary}: English term — Russian term lines, given to the model as they are. */
    public LlmDraft(Http http, Endpoint endpoint, String glossary, Texts texts) {
        this.http = http;
        this.endpoint = endpoint;
        this.glossary = glossary;
        this.texts = texts;
    }

    /** Fills the doc's empty Russian fields; returns the names of those filled. */
    public List<String> fill(CuratorFiles.Doc doc) {
        ObjectNode tree = doc.tree();
        if (doc.published()) {
            throw new CurateException(doc.fileName() + " is published; draft only writes drafts");
        }
        List<String> empty = FIELDS.stream().filter(f -> Merge.isEmpty(tree.get(f))).toList();
        if (empty.isEmpty()) {
            throw new CurateException(doc.fileName() + ": teaser, summary and keyPoints are already written; nothing to draft");
        }
        String abstractText = tree.path(PaperFile.ABSTRACT).asText("");
        if (abstractText.isBlank()) {
            throw new CurateException(doc.fileName() + ": no abstract to draft from (run 'catalog import openreview "
                    + doc.id() + "' or 'catalog import arxiv …' first)");
        }
        JsonNode answer = ask(tree.path("title").asText(""), abstractText, tree.path(PaperFile.TLDR).asText(""));
        List<String> filled = new ArrayList<>();
        for (String field : empty) {
            JsonNode value = answer.get(field);
            boolean usable = field.equals("keyPoints") ? value != null && value.isArray() && !value.isEmpty()
                    && allText(value) : value != null && value.isTextual() && !value.asText().isBlank();
            if (!usable) {
                throw new CurateException("chat completions: the answer has no usable \"" + field + "\"; nothing written");
            }
            tree.set(field, value.isArray() ? value : json.getNodeFactory().textNode(value.asText().strip()));
            filled.add(field);
        }
        return filled;
    }

    private JsonNode ask(String title, String abstractText, String tldr) {
        ObjectNode request = json.createObjectNode();
        request.put("model", endpoint.model());
        request.put("temperature", 0.2);
        request.putObject("response_format").put("type", "json_object");
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", texts.get("curate.llm.system")
                + (glossary.isBlank() ? "" : "\n\n" + texts.get("curate.llm.glossary") + "\n" + glossary));
        messages.addObject().put("role", "user").put("content", texts.format("curate.llm.user", title, abstractText)
                + (tldr.isBlank() ? "" : texts.format("curate.llm.tldr", tldr)));
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new CurateException("cannot build the request: " + e.getMessage());
        }
        Map<String, String> headers = endpoint.key().map(k -> Map.of("Authorization", "Bearer " + k)).orElse(Map.of());
        URI uri = URI.create(endpoint.base().toString().replaceAll("/+$", "") + "/v1/chat/completions");
        byte[] response = http.postJson("chat completions", uri, headers, body);
        try {
            JsonNode content = json.readTree(response).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new CurateException("chat completions: the answer has no choices[0].message.content");
            }
            String text = content.asText().strip().replaceAll("^```(?:json)?\\s*", "").replaceAll("\\s*```$", "");
            JsonNode fields = json.readTree(text);
            if (fields == null || !fields.isObject()) {
                throw new CurateException("chat completions: the model did not answer with a JSON object");
            }
            return fields;
        } catch (IOException e) {
            throw new CurateException("chat completions: malformed JSON in the answer: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual() || item.asText().isBlank()) {
                return false;
            }
        }
        return true;
    }
}
