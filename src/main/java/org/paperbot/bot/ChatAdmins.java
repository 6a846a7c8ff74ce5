package org.paperbot.bot;

/**
 * Who may change a group's daily-delivery settings: its administrators. Asked only for group chats; in a
 * private chat the user decides alone.
 */
@FunctionalInterface
public interface ChatAdmins {
    enum Verdict { ALLOWED, DENIED, UNKNOWN }

    /** Anyone may: console mode, where there are no groups. */
    ChatAdmins ANYONE = (chatId, userId) -> Verdict.ALLOWED;

    /** Whether {@code userId} administers group {@code chatId}; UNKNOWN when Telegram could not be asked. */
    Verdict check(long chatId, long userId);
}
