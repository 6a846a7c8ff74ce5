package org.paperbot.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of the odd things a public bot receives: random Unicode (Cyrillic, emoji, RTL,
 * zero-width, combining marks), HTML/Markdown injection, very long texts, commands with absurd arguments,
 * unknown update types, edited messages, channel posts, messages without text, forwards, missing optional
 * fields, and button data that is stale, forged or oversized. Output is Telegram-shaped JSON maps.
 */
public final class HostileUpdates {
    static final String[] COMMANDS = {"/start", "/help", "/list", "/paper", "/today", "/random", "/topics", "/topic",
            "/about", "/search", "/subscribe", "/unsubscribe", "/settings", "/timezone", "/history", "/reload",
            "/push_today", "/stats", "/nonexistent", "/START", "/paper@" + FakeBotApi.BOT_USERNAME, "/paper@otherbot"};
    static final String[] ABSURD_ARGS = {"-1", "0", "99999999999999999999", "1e9", "3.5", "NaN", "25:99", "24:00", "-03:00",
            "../../etc/passwd", "Europe/Nowhere", "UTC+25", "'; DROP TABLE subscriptions; --", "<b>x</b>", "&amp;&",
            "p_", "p_y01KGvd9Bw", "p_../../x", "#", "##LLM", "*", "?", "\\", "%00", "${jndi:ldap://x}", "🙂🙂🙂", "\u202Eevil",
            "\u200B", "y01KGvd9Bw", "arxiv.org/abs/9999.99999", "https://openreview.net/forum?id=", "l:-1", "c:", ""};
    static final String[] INJECTIONS = {"<b>", "</a>", "<a href=\"javascript:alert(1)\">x</a>", "<script>", "&", "&lt;",
            "&#0;", "&#x110000;", "*bold*", "_it_", "[link](http://x)", "`code`", "```", "<tg-spoiler>", "\"", "'", ">", "<<<"};
    static final String[] CALLBACK_DATA = {"c:y01KGvd9Bw", "c:GONE", "o:", "o:x", "l:0", "l:999999", "l:-5", "l:abc",
            "t:0:LLM", "t:9:LLM", "t:0:", "T:нет_такой", "T:", "today", "random", "list", "topics", "noop", "s:0:трансформер",
            "s:99:", "S:0:deadbeef", "", "x".repeat(65), "ы".repeat(40), "c:" + "a".repeat(62), "\u0000", "l:1:2:3"};

    private final SplittableRandom random;
    private int messageId = 1;

    public HostileUpdates(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public List<Map<String, Object>> generate(int count) {
        List<Map<String, Object>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    public Map<String, Object> next() {
        int kind = random.nextInt(100);
        long user = 1 + random.nextInt(50);
        if (kind < 40) {
            return Map.of("message", message(chat(user), user, command()));
        } else if (kind < 55) {
            return Map.of("message", message(chat(user), user, text(random.nextInt(5) == 0 ? 5000 : 60)));
        } else if (kind < 70) {
            return Map.of("callback_query", callback(user));
        } else if (kind < 80) {
            return Map.of("inline_query", inline(user));
        } else if (kind < 84) {
            return Map.of("edited_message", message(chat(user), user, command()));
        } else if (kind < 87) {
            Map<String, Object> post = message(Map.of("id", -1001234L, "type", "channel", "title", "Канал"), user, command());
            post.remove("from");
            return Map.of("channel_post", post);
        } else if (kind < 90) {
            Map<String, Object> photo = message(chat(user), user, null);
            photo.put("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)));
            photo.put("caption", text(30));
            return Map.of("message", photo);
        } else if (kind < 93) {
            Map<String, Object> fwd = message(chat(user), user, command());
            fwd.put("forward_origin", Map.of("type", "hidden_user", "date", 1, "sender_user_name", "Кто-то"));
            return Map.of("message", fwd);
        } else if (kind < 96) {
            Map<String, Object> bare = new LinkedHashMap<>();
            bare.put("message_id", messageId++);
            bare.put("date", 0);
            bare.put("chat", Map.of("id", user, "type", "private"));
            bare.put("text", command()); // no "from", no names
            return Map.of("message", bare);
        } else if (kind < 98) {
            return Map.of("poll", Map.of("id", "p", "question", "?", "options", List.of(), "total_voter_count", 0,
                    "is_closed", false, "is_anonymous", true, "type", "regular", "allows_multiple_answers", false));
        } else {
            return Map.of("my_chat_member", Map.of("chat", chat(user), "from", Updates.user(user), "date", 1,
                    "old_chat_member", Map.of("status", "member", "user", Updates.user(FakeBotApi.BOT_ID)),
                    "new_chat_member", Map.of("status", "kicked", "until_date", 0, "user", Updates.user(FakeBotApi.BOT_ID))));
        }
    }

    private Map<String, Object> chat(long user) {
        return random.nextInt(4) == 0
                ? Map.of("id", -100_000L - user, "type", "supergroup", "title", "Группа " + text(8))
                : Map.of("id", user, "type", "private", "first_name", text(10));
    }

    private Map<String, Object> message(Map<String, Object> chat, long user, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", messageId++);
        m.put("date", 1_700_000_000 + random.nextInt(1_000_000));
        m.put("chat", chat);
        m.put("from", Map.of("id", user, "is_bot", false, "first_name", text(12)));
        if (text != null) {
            m.put("text", text);
        }
        return m;
    }

    private Map<String, Object> callback(long user) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", "cb" + random.nextLong());
        q.put("from", Updates.user(user));
        q.put("chat_instance", "ci");
        int variant = random.nextInt(10);
        if (variant < 7) {
            Map<String, Object> m = message(Map.of("id", user, "type", "private"), user, "card");
            q.put("message", m);
        } else if (variant < 9) {
            // An old message the bot cannot access any more arrives with date 0.
            q.put("message", Map.of("message_id", 5, "date", 0, "chat", Map.of("id", user, "type", "private")));
        } else {
            q.put("inline_message_id", "inl" + random.nextInt(1000));
        }
        q.put("data", random.nextInt(5) == 0 ? text(20) : pick(CALLBACK_DATA));
        return q;
    }

    private Map<String, Object> inline(long user) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", "iq" + random.nextLong());
        q.put("from", Updates.user(user));
        q.put("query", random.nextInt(4) == 0 ? "" : text(random.nextInt(3) == 0 ? 256 : 20));
        q.put("offset", random.nextInt(3) == 0 ? pick(new String[] {"", "0", "50", "-1", "abc", "99999999999", "1e3"}) : "");
        return q;
    }

    private String command() {
        String c = pick(COMMANDS);
        return switch (random.nextInt(4)) {
            case 0 -> c;
            case 1 -> c + " " + pick(ABSURD_ARGS);
            case 2 -> c + " " + text(random.nextInt(10) == 0 ? 5000 : 30);
            default -> c + " " + pick(INJECTIONS) + pick(ABSURD_ARGS);
        };
    }

    /** Random text mixing scripts, emoji, RTL, zero-width characters, combining marks and injections. */
    public String text(int maxLength) {
        int length = 1 + random.nextInt(Math.max(1, maxLength));
        StringBuilder sb = new StringBuilder(length + 8);
        while (sb.length() < length) {
            switch (random.nextInt(9)) {
                case 0 -> sb.append((char) ('а' + random.nextInt(32)));
                case 1 -> sb.append((char) ('a' + random.nextInt(26)));
                case 2 -> sb.appendCodePoint(0x1F300 + random.nextInt(0x2FF)); // emoji (surrogate pairs)
                case 3 -> sb.append((char) (0x0600 + random.nextInt(0xFF))); // Arabic (RTL)
                case 4 -> sb.append(pick(new String[] {"\u200B", "\u200C", "\u200D", "\uFEFF", "\u202E", "\u2066"}));
                case 5 -> sb.append('e').append((char) (0x0300 + random.nextInt(0x6F))); // combining marks
                case 6 -> sb.append(pick(INJECTIONS));
                case 7 -> sb.append(' ');
                default -> sb.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return sb.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
