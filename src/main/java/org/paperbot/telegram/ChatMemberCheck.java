package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatMember;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;

import java.util.Optional;

/** Asks Telegram whether a user administers a chat ({@code getChatMember}). */
public final class ChatMemberCheck {
    private static final Logger log = LoggerFactory.getLogger(ChatMemberCheck.class);

    private final TelegramGateway gateway;

    public ChatMemberCheck(TelegramGateway gateway) {
        this.gateway = gateway;
    }

    /** True for the creator and administrators; empty when Telegram could not answer. */
    public Optional<Boolean> isAdministrator(long chatId, long userId) {
        GetChatMember request = GetChatMember.builder().chatId(chatId).userId(userId).build();
        ApiResult<ChatMember> result = gateway.call(request, RetryPolicy.LOOKUP);
        if (result instanceof ApiResult.Ok<ChatMember> ok) {
            String status = ok.value() == null ? "" : ok.value().getStatus();
            return Optional.of("creator".equals(status) || "administrator".equals(status));
        }
        log.warn("getChatMember({}, {}) failed: {}", chatId, userId, result.error());
        return Optional.empty();
    }
}
