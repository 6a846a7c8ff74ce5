package org.paperbot.outbox;

import java.time.Duration;

/**
 * Telegram's per-chat sending limits as the outbox keeps them: every chat gets a token bucket ({@code burst}
 * messages at once, then one per {@code interval}); groups, supergroups and channels (negative chat ids) also
 * get a sliding window of at most {@code perWindow} messages in any {@code window}. Within that window a group
 * is not sent a message identical to one it already got: its members can read it just above.
 */
public record ChatLimits(Rule privateChats, Rule groups) {
    /**
     * @param interval  one message per this, sustained
     * @param burst     messages that may go at once after a quiet spell (at least 1)
     * @param perWindow at most this many in any {@code window}; 0 for no window
     */
    public record Rule(Duration interval, int burst, int perWindow, Duration window) {
        public Rule {
            if (interval.isNegative() || burst < 1 || perWindow < 0 || (perWindow > 0 && (window.isNegative() || window.isZero()))) {
                throw new IllegalArgumentException("bad chat limit " + interval + " burst " + burst + ", " + perWindow + " per " + window);
            }
        }

        /** How long a delivered message is remembered so that an identical one is not sent again; zero: not at all. */
        Duration repeatWindow() {
            return perWindow > 0 ? window : Duration.ZERO;
        }
    }

    /**
     * The Bot API FAQ: about one message per second to a chat (short bursts are tolerated), at most 20 per
     * minute to a group. The burst of 3 lets a command that answers with two messages, or two quick commands,
     * go out without waiting.
     */
    public static final ChatLimits TELEGRAM = new ChatLimits(
            new Rule(Duration.ofSeconds(1), 3, 0, Duration.ZERO),
            new Rule(Duration.ofSeconds(1), 3, 20, Duration.ofMinutes(1)));

    Rule ruleFor(long chatId) {
        return chatId < 0 ? groups : privateChats;
    }
}
