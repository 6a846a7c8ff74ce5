package org.paperbot.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal chat with the bot: the same router as in Telegram, fed with updates built like Telegram's own
 * JSON. Replies are shown as readable text with numbered buttons; typing the number presses the button.
 */
public final class ConsoleChat {
    static final long CHAT_ID = 1;
    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]*)\">(.*?)</a>", Pattern.DOTALL);
    private static final Pattern QUOTE = Pattern.compile("<blockquote(?: expandable)?>(.*?)</blockquote>", Pattern.DOTALL);
    /** How a terminal shows a quote: a bar before each line (Telegram draws one beside it). */
    static final String QUOTE_BAR = "┃ ";
    private static final Pattern BUTTON_PRESS = Pattern.compile("#?(\\d{1,2})");

    private final UpdateRouter router;
    private final Texts texts;
    private final BufferedReader in;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Pressable> buttons = new ArrayList<>();
    private int nextUpdateId = 1;
    private int nextMessageId = 1;

    /** A callback button shown in the console, with the message it belongs to. */
    private record Pressable(String data, int messageId) {
    }

    public ConsoleChat(UpdateRouter router, Texts texts, BufferedReader in, PrintStream out) {
        this.router = router;
        this.texts = texts;
        this.in = in;
        this.out = out;
    }

    public void run() throws IOException {
        out.println(texts.get("console.intro"));
        prompt();
        String line;
        while ((line = in.readLine()) != null) {
            String input = line.strip();
            if (!input.isEmpty()) {
                handle(input);
            }
            prompt();
        }
        out.println();
    }

    /** One line typed by the user: a command, a text, a button number or an @inline query. */
    public void handle(String input) {
        Matcher press = BUTTON_PRESS.matcher(input);
        if (press.matches() && !buttons.isEmpty()) {
            int n = Integer.parseInt(press.group(1));
            if (n >= 1 && n <= buttons.size()) {
                Pressable b = buttons.get(n - 1);
                show(router.route(callbackUpdate(b)));
                return;
            }
            out.println(texts.format("console.noSuchButton", buttons.size()));
            return;
        }
        if (input.startsWith("@")) {
            // "@запрос" tries inline mode, as typing "@bot запрос" in any Telegram chat would.
            show(router.route(inlineUpdate(input.substring(1).strip())));
            return;
        }
        show(router.route(messageUpdate(input)));
    }

    private void show(List<BotApiMethod<?>> replies) {
        for (BotApiMethod<?> reply : replies) {
            if (reply instanceof SendMessage m) {
                int id = nextMessageId++;
                printMessage(m.getText(), m.getParseMode() != null, (InlineKeyboardMarkup) m.getReplyMarkup(), id);
            } else if (reply instanceof EditMessageText e) {
                out.println();
                out.println(texts.get("console.edited"));
                printMessage(e.getText(), e.getParseMode() != null, e.getReplyMarkup(),
                        e.getMessageId() == null ? nextMessageId++ : e.getMessageId());
            } else if (reply instanceof AnswerInlineQuery a) {
                printInline(a);
            } else if (reply instanceof AnswerCallbackQuery a) {
                if (a.getText() != null) {
                    out.println("ℹ️  " + a.getText());
                }
            } else {
                out.println("(" + reply.getMethod() + ")");
            }
        }
    }

    private void printMessage(String text, boolean html, InlineKeyboardMarkup keyboard, int messageId) {
        out.println();
        out.println(html ? readable(text) : text);
        buttons.clear();
        if (keyboard == null || keyboard.getKeyboard() == null) {
            return;
        }
        for (InlineKeyboardRow row : keyboard.getKeyboard()) {
            StringBuilder sb = new StringBuilder("  ");
            for (InlineKeyboardButton b : row) {
                if (b.getCallbackData() != null) {
                    buttons.add(new Pressable(b.getCallbackData(), messageId));
                    sb.append("[").append(buttons.size()).append("] ").append(b.getText()).append("   ");
                } else if (b.getUrl() != null) {
                    sb.append("[").append(b.getText()).append(" → ").append(b.getUrl()).append("]   ");
                } else {
                    sb.append("[").append(b.getText()).append("]   ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
        if (!buttons.isEmpty()) {
            out.println(texts.get("console.pressHint"));
        }
    }

    private void printInline(AnswerInlineQuery answer) {
        out.println();
        if (answer.getResults().isEmpty()) {
            out.println(answer.getButton() == null ? "—" : "[" + answer.getButton().getText() + "]");
            return;
        }
        out.println(texts.format("console.inline", texts.count("plural.papers.acc", answer.getResults().size())));
        int n = 1;
        for (var result : answer.getResults()) {
            if (result instanceof InlineQueryResultArticle article) {
                out.println("  " + n++ + ". " + article.getTitle() + " — " + article.getDescription());
            }
        }
    }

    /**
     * Telegram HTML as terminal text: links keep their address, quotes get a bar before each line (an expandable
     * one is shown open: a terminal cannot collapse it), other tags go, entities are decoded.
     */
    static String readable(String html) {
        String withLinks = LINK.matcher(html).replaceAll("$2 ($1)");
        String withQuotes = QUOTE.matcher(withLinks).replaceAll(m ->
                Matcher.quoteReplacement(QUOTE_BAR + m.group(1).replace("\n", "\n" + QUOTE_BAR)));
        return Html.toPlain(withQuotes);
    }

    private void prompt() {
        out.print("> ");
        out.flush();
    }

    private Update messageUpdate(String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", nextMessageId++);
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("chat", Map.of("id", CHAT_ID, "type", "private", "first_name", "Console"));
        message.put("from", user());
        message.put("text", text);
        return json.convertValue(Map.of("update_id", nextUpdateId++, "message", message), Update.class);
    }

    private Update inlineUpdate(String query) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", "console-" + nextUpdateId);
        q.put("from", user());
        q.put("query", query);
        q.put("offset", "");
        return json.convertValue(Map.of("update_id", nextUpdateId++, "inline_query", q), Update.class);
    }

    private Update callbackUpdate(Pressable button) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", button.messageId());
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("chat", Map.of("id", CHAT_ID, "type", "private", "first_name", "Console"));
        message.put("text", "…");
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", "console-" + nextUpdateId);
        query.put("from", user());
        query.put("message", message);
        query.put("chat_instance", "console");
        query.put("data", button.data());
        return json.convertValue(Map.of("update_id", nextUpdateId++, "callback_query", query), Update.class);
    }

    private static Map<String, Object> user() {
        return Map.of("id", CHAT_ID, "is_bot", false, "first_name", "Console", "language_code", "ru");
    }
}
