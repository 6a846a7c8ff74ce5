package org.paperbot.logging;

import ch.qos.logback.core.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes bot tokens from log text. Bot API URLs carry the token ({@code /bot123:ABC…/sendMessage}) and HTTP
 * libraries like to print URLs in exceptions, so every line is scrubbed twice: of the configured token as written
 * (and of its secret half alone, the part after the colon, which is what a leak really is), and of anything shaped
 * like a token — any token the configuration check would accept, whatever it is.
 *
 * <p>Immutable; {@link #withSecret} gives a new one. The layouts find the redactor in their Logback context
 * ({@link #of(Context)}), where the wiring {@linkplain #register registers} it once the token is known.
 */
public final class Redactor {
    /**
     * Every token {@code BotToken} accepts ({@code \d{1,20}:[A-Za-z0-9_-]{10,100}}) and longer secret parts too;
     * RedactorTest checks the two stay in step. Over-masking ("12345:abcdefghij" in a log line) is the safe side.
     */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{10,}");
    static final String MASK = "<token>";
    /**
     * Key of the redactor in the Logback context's object map. Logback builds the layouts from logback.xml by
     * reflection, so nothing can be handed to their constructors; the context is the one object that both the
     * wiring and the layouts can reach, which keeps the configured secret out of any static field of ours.
     */
    static final String CONTEXT_KEY = Redactor.class.getName();
    private static final Redactor SHAPES_ONLY = new Redactor(List.of());

    /** Literal secrets, longest first, so a token is masked whole before its secret half is looked for. */
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Masks token-shaped text only: what is in force before a token is configured (console mode, start-up). */
    public static Redactor shapesOnly() {
        return SHAPES_ONLY;
    }

    /**
     * This redactor, also masking {@code token} literally, and its secret half (after the first ':') on its own.
     * A blank token changes nothing.
     */
    public Redactor withSecret(String token) {
        if (token == null || token.isBlank()) {
            return this;
        }
        List<String> more = new ArrayList<>(secrets);
        more.add(token);
        int colon = token.indexOf(':');
        String half = colon < 0 ? "" : token.substring(colon + 1);
        // Only a secret half long enough to be unmistakable: a short one would mask ordinary words.
        if (half.length() >= 10) {
            more.add(half);
        }
        more.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(more));
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        if (out.indexOf(':') < 0) {
            return out;
        }
        return TOKEN_SHAPE.matcher(out).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /** The redactor registered in {@code context}, or {@link #shapesOnly()} when none is (yet). */
    static Redactor of(Context context) {
        Object registered = context == null ? null : context.getObject(CONTEXT_KEY);
        return registered instanceof Redactor r ? r : SHAPES_ONLY;
    }

    /**
     * Makes {@code context}'s layouts also mask {@code token} literally, on top of what they masked before. Called
     * once at start, before any thread that could log the token exists.
     */
    static void register(Context context, String token) {
        context.putObject(CONTEXT_KEY, of(context).withSecret(token));
    }
}
