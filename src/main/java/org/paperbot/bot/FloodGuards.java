package org.paperbot.bot;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The flood limits the router applies before anything is handled.
 *
 * @param users   commands and texts, per sender
 * @param groups  everything the bot answers in one group, supergroup or channel, whoever sent it: Telegram lets a bot
 *                post about 20 messages a minute there, so thirty members asking at once must not each cost a reply
 * @param buttons button presses, per sender: they mostly edit a message in place (paging through a list), so they
 *                get a larger allowance than commands
 */
public record FloodGuards(FloodGuard users, FloodGuard groups, FloodGuard buttons) {
    /** Telegram's limit for one group: about 20 messages per minute. */
    public static final int GROUP_PER_MINUTE = 20;
    /** Paging through a list is several presses a second for a short while. */
    public static final int BUTTONS_PER_COMMAND = 3;

    public static FloodGuards of(int commandsPerMinute, Ticker ticker, Runnable onUserRejected, Runnable onGroupRejected,
                                 Runnable onButtonRejected) {
        return new FloodGuards(new FloodGuard(commandsPerMinute, ticker, onUserRejected),
                new FloodGuard(commandsPerMinute <= 0 ? 0 : GROUP_PER_MINUTE, ticker, onGroupRejected),
                new FloodGuard(commandsPerMinute * BUTTONS_PER_COMMAND, ticker, onButtonRejected));
    }

    /** No limits: the console, where the only sender is the person at the terminal. */
    public static FloodGuards off() {
        FloodGuard unlimited = new FloodGuard(0, Ticker.systemTicker());
        return new FloodGuards(unlimited, unlimited, unlimited);
    }

    /**
     * What to do with something the bot would answer: the sender's limit first; only what passes it counts against
     * the group's, so one flooding member does not use up the group's allowance.
     */
    FloodGuard.Verdict check(Long userId, long chatId, boolean privateChat) {
        FloodGuard.Verdict user = userId == null ? FloodGuard.Verdict.ALLOW : users.check(userId);
        if (user != FloodGuard.Verdict.ALLOW || privateChat) {
            return user;
        }
        return groups.check(chatId);
    }

    /** A button press, per sender; presses without a sender pass. */
    FloodGuard.Verdict press(Long userId) {
        return userId == null ? FloodGuard.Verdict.ALLOW : buttons.check(userId);
    }
}
