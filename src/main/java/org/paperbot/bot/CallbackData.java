package org.paperbot.bot;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an inline button asks for. Encoded into Telegram's callback_data (at most 64 bytes); anything that does
 * not decode (an old bot version, a forged query) yields {@link Optional#empty()} and a polite answer.
 */
public sealed interface CallbackData {
    int MAX_BYTES = 64;

    /** Show a paper's card in place of the current message (◀️ ▶️). */
    record ShowCard(String paperId) implements CallbackData { }

    /** Send a paper's card as a new message (number buttons in lists). */
    record OpenCard(String paperId) implements CallbackData { }

    /** Show a catalog page in place (0-based). */
    record ListPage(int page) implements CallbackData { }

    /** Show a page of one topic in place (0-based). */
    record TopicPage(String topic, int page) implements CallbackData { }

    /** Send a topic's first page as a new message. */
    record OpenTopic(String topic) implements CallbackData { }

    /** Send the paper of the day. */
    record Today() implements CallbackData { }

    /** Send a random paper. */
    record RandomPaper() implements CallbackData { }

    /** Send the catalog's first page. */
    record OpenList() implements CallbackData { }

    /** Send the list of topics. */
    record Topics() implements CallbackData { }

    /** Show a page of search results in place; the query travels in the data when it fits. */
    record SearchPage(String query, int page) implements CallbackData { }

    /** Show a page of search results for a query too long for callback data, kept under a short key. */
    record SearchByKey(String key, int page) implements CallbackData { }

    /** A button that only shows information (e.g. "3 / 8"). */
    record Noop() implements CallbackData { }

    static String encode(CallbackData data) {
        String encoded;
        if (data instanceof ShowCard c) {
            encoded = "c:" + c.paperId();
        } else if (data instanceof OpenCard c) {
            encoded = "o:" + c.paperId();
        } else if (data instanceof ListPage l) {
            encoded = "l:" + l.page();
        } else if (data instanceof TopicPage t) {
            encoded = "t:" + t.page() + ":" + t.topic();
        } else if (data instanceof SearchPage q) {
            encoded = "s:" + q.page() + ":" + q.query();
        } else if (data instanceof SearchByKey q) {
            encoded = "S:" + q.page() + ":" + q.key();
        } else if (data instanceof OpenTopic t) {
            encoded = "T:" + t.topic();
        } else if (data instanceof Today) {
            encoded = "today";
        } else if (data instanceof RandomPaper) {
            encoded = "random";
        } else if (data instanceof OpenList) {
            encoded = "list";
        } else if (data instanceof Topics) {
            encoded = "topics";
        } else {
            encoded = "noop";
        }
        if (encoded.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("callback data over " + MAX_BYTES + " bytes: " + encoded);
        }
        return encoded;
    }

    static Optional<CallbackData> decode(String raw) {
        if (raw == null || raw.isEmpty() || raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.empty();
        }
        switch (raw) {
            case "today": return Optional.of(new Today());
            case "random": return Optional.of(new RandomPaper());
            case "list": return Optional.of(new OpenList());
            case "topics": return Optional.of(new Topics());
            case "noop": return Optional.of(new Noop());
            default: break;
        }
        int colon = raw.indexOf(':');
        if (colon != 1) {
            return Optional.empty();
        }
        String rest = raw.substring(2);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        return switch (raw.charAt(0)) {
            case 'c' -> Optional.of(new ShowCard(rest));
            case 'o' -> Optional.of(new OpenCard(rest));
            case 'l' -> page(rest).map(ListPage::new);
            case 'T' -> Optional.of(new OpenTopic(rest));
            case 't' -> pageAndText(rest).map(pt -> new TopicPage(pt.text(), pt.page()));
            case 's' -> pageAndText(rest).map(pt -> new SearchPage(pt.text(), pt.page()));
            case 'S' -> pageAndText(rest).map(pt -> new SearchByKey(pt.text(), pt.page()));
            default -> Optional.empty();
        };
    }

    /** "3:text" → (3, "text"). */
    record PageAndText(int page, String text) { }

    private static Optional<PageAndText> pageAndText(String rest) {
        int sep = rest.indexOf(':');
        if (sep <= 0 || sep == rest.length() - 1) {
            return Optional.empty();
        }
        String text = rest.substring(sep + 1);
        return page(rest.substring(0, sep)).map(p -> new PageAndText(p, text));
    }

    /** Whether the data fits Telegram's 64-byte limit. */
    static boolean fits(CallbackData data) {
        try {
            encode(data);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Integer> page(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }
}
