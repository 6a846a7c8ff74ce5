package org.paperbot.bot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links {@code https://t.me/<bot>?start=<parameter>} that open a paper's card in a chat with the bot; Telegram
 * delivers them as {@code /start <parameter>}. A parameter is 1–64 characters of {@code A–Z a–z 0–9 _ -}.
 * OpenReview ids use that alphabet and go as they are ({@code p_<id>}); any other id (an arXiv id with its dot,
 * a longer id from an importer) goes as unpadded base64url, which has the same alphabet ({@code b_<base64>}).
 */
public final class DeepLink {
    static final String PAPER = "p_";
    static final String ENCODED = "b_";
    static final int MAX_PARAMETER = 64;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private DeepLink() {
    }

    /** The start parameter that opens {@code paperId}; empty when no encoding of it fits in 64 characters. */
    public static Optional<String> parameter(String paperId) {
        String plain = PAPER + paperId;
        if (ALLOWED.matcher(paperId).matches() && plain.length() <= MAX_PARAMETER) {
            return Optional.of(plain);
        }
        String encoded = ENCODED + BASE64.encodeToString(paperId.getBytes(StandardCharsets.UTF_8));
        return encoded.length() <= MAX_PARAMETER ? Optional.of(encoded) : Optional.empty();
    }

    /** The link that opens {@code paperId} with the bot {@code botUsername} (as getMe gave it). */
    public static Optional<String> url(String botUsername, String paperId) {
        return parameter(paperId).map(p -> "https://t.me/" + botUsername + "?start=" + p);
    }

    /**
     * The paper id a start parameter names, whether or not such a paper exists; empty when the parameter is not
     * a paper link at all (then /start greets as usual).
     */
    public static Optional<String> paperId(String parameter) {
        if (parameter.startsWith(PAPER) && parameter.length() > PAPER.length()) {
            return Optional.of(parameter.substring(PAPER.length()));
        }
        if (parameter.startsWith(ENCODED) && parameter.length() > ENCODED.length()) {
            try {
                return Optional.of(new String(Base64.getUrlDecoder().decode(parameter.substring(ENCODED.length())),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty(); // not base64: a hand-made link
            }
        }
        return Optional.empty();
    }
}
