package org.paperbot;

import org.telegram.telegrambots.meta.api.objects.Update;

/** Names of update kinds for logs and metrics. */
final class UpdateTypes {
    private UpdateTypes() {
    }

    static String of(Update u) {
        if (u.getMessage() != null) {
            String text = u.getMessage().getText();
            return text == null ? "message_other" : text.startsWith("/") ? "command" : "text";
        }
        if (u.getCallbackQuery() != null) {
            return "callback_query";
        }
        if (u.getInlineQuery() != null) {
            return "inline_query";
        }
        if (u.getEditedMessage() != null) {
            return "edited_message";
        }
        if (u.getChannelPost() != null) {
            return "channel_post";
        }
        if (u.getMyChatMember() != null) {
            return "my_chat_member";
        }
        return "other";
    }
}
