package org.paperbot.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks outgoing Bot API calls against Telegram's documented limits: HTML that Telegram's parser accepts,
 * text ≤ 4096 characters after entity parsing, callback_data ≤ 64 bytes, inline answers ≤ 50 results with
 * ids and next_offset ≤ 64 bytes. Returns problems as text so a failing test says what is wrong.
 */
public final class BotApiLimits {
    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
            "a", "code", "pre", "span", "tg-spoiler", "blockquote", "tg-emoji");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z-]+)((?:\\s+[a-zA-Z-]+(?:=\"[^\"<>]*\")?)*)\\s*>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

    private BotApiLimits() {
    }

    public static List<String> check(FakeBotApi.Call call) {
        List<String> problems = new ArrayList<>();
        JsonNode b = call.body();
        switch (call.method()) {
            case "sendMessage", "editMessageText" -> {
                checkText(b.path("text").asText(""), "HTML".equalsIgnoreCase(b.path("parse_mode").asText()), problems);
                checkKeyboard(b.path("reply_markup"), problems);
            }
            case "editMessageReplyMarkup" -> checkKeyboard(b.path("reply_markup"), problems);
            case "answerCallbackQuery" -> {
                if (b.path("text").asText("").length() > 200) {
                    problems.add("callback answer text over 200 characters");
                }
            }
            case "answerInlineQuery" -> checkInline(b, problems);
            default -> { }
        }
        return problems.stream().map(p -> call.method() + ": " + p).toList();
    }

    public static List<String> checkAll(List<FakeBotApi.Call> calls) {
        List<String> problems = new ArrayList<>();
        calls.forEach(c -> problems.addAll(check(c)));
        return problems;
    }

    /**
     * Problems Telegram would have with this HTML message text: unsupported or unbalanced tags, unescaped
     * '<', '>' or '&', empty text, over 4096 characters after entity parsing. Empty when it would be accepted.
     */
    public static List<String> validateHtml(String html) {
        List<String> problems = new ArrayList<>();
        checkText(html, true, problems);
        return problems;
    }

    static void checkText(String text, boolean html, List<String> problems) {
        String visible = html ? htmlProblems(text, problems) : text;
        if (visible.strip().isEmpty()) {
            problems.add("empty text");
        }
        if (visible.length() > 4096) {
            problems.add("text is " + visible.length() + " characters after entity parsing (max 4096)");
        }
    }

    /** Validates Telegram HTML and returns the visible text. */
    static String htmlProblems(String html, List<String> problems) {
        StringBuilder visible = new StringBuilder();
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher m = TAG.matcher(html).region(i, html.length());
                if (!m.lookingAt()) {
                    problems.add("unescaped '<' at " + i + ": " + excerpt(html, i));
                    return visible.toString();
                }
                String name = m.group(2).toLowerCase();
                if (!TAGS.contains(name)) {
                    problems.add("tag <" + name + "> is not supported by Telegram");
                }
                if (m.group(1).isEmpty()) {
                    if (name.equals("a") && !m.group(3).contains("href=\"")) {
                        problems.add("<a> without href");
                    }
                    open.push(name);
                } else if (open.isEmpty() || !open.pop().equals(name)) {
                    problems.add("unbalanced </" + name + "> at " + i);
                }
                i = m.end();
            } else if (c == '&') {
                Matcher m = ENTITY.matcher(html).region(i, html.length());
                if (!m.lookingAt()) {
                    problems.add("unescaped '&' at " + i + ": " + excerpt(html, i));
                    i++;
                    continue;
                }
                visible.append('x');
                i = m.end();
            } else if (c == '>') {
                problems.add("unescaped '>' at " + i + ": " + excerpt(html, i));
                i++;
            } else {
                visible.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            problems.add("unclosed tags " + open);
        }
        return visible.toString();
    }

    static void checkKeyboard(JsonNode markup, List<String> problems) {
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (button.path("text").asText("").isEmpty()) {
                    problems.add("button without text");
                }
                if (button.has("callback_data")) {
                    int bytes = button.path("callback_data").asText().getBytes(StandardCharsets.UTF_8).length;
                    if (bytes < 1 || bytes > 64) {
                        problems.add("callback_data of " + bytes + " bytes: " + button.path("callback_data").asText());
                    }
                }
                if (button.has("url") && !button.path("url").asText().matches("https?://\\S+")) {
                    problems.add("bad button url " + button.path("url").asText());
                }
            }
        }
    }

    static void checkInline(JsonNode b, List<String> problems) {
        JsonNode results = b.path("results");
        if (results.size() > 50) {
            problems.add(results.size() + " inline results (max 50)");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode r : results) {
            String id = r.path("id").asText("");
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > 64) {
                problems.add("inline result id of " + bytes + " bytes");
            }
            if (!ids.add(id)) {
                problems.add("duplicate inline result id " + id);
            }
            JsonNode content = r.path("input_message_content");
            checkText(content.path("message_text").asText(""),
                    "HTML".equalsIgnoreCase(content.path("parse_mode").asText()), problems);
            checkKeyboard(r.path("reply_markup"), problems);
        }
        if (b.path("next_offset").asText("").getBytes(StandardCharsets.UTF_8).length > 64) {
            problems.add("next_offset over 64 bytes");
        }
    }

    private static String excerpt(String s, int at) {
        return s.substring(Math.max(0, at - 20), Math.min(s.length(), at + 20)).replace('\n', ' ');
    }
}
