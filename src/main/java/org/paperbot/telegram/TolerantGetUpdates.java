package org.paperbot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * getUpdates whose answer is read one update at a time. TelegramBots reads the whole batch in one go, so a
 * single update it cannot map (a new Bot API field of an unexpected shape, say) fails the batch, and since the
 * failed batch is never confirmed, polling would retry it forever. Here such an update becomes an empty
 * {@link Update} carrying only its id: it is skipped with a warning and confirmed like any other.
 *
 * <p>An answer that was read tells {@code answered} the offset Telegram accepted with it.
 */
public final class TolerantGetUpdates extends GetUpdates {
    private static final Logger log = LoggerFactory.getLogger(TolerantGetUpdates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LongConsumer answered;

    TolerantGetUpdates(int offset, int limit, int timeout, List<String> allowedUpdates, LongConsumer answered) {
        super(offset, limit, timeout, allowedUpdates);
        this.answered = answered;
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (IOException e) {
            return super.deserializeResponse(answer); // not JSON at all: let the library report it (backoff)
        }
        if (root == null || !root.path("ok").asBoolean(false) || !root.path("result").isArray()) {
            return super.deserializeResponse(answer);
        }
        ArrayList<Update> updates = new ArrayList<>(root.path("result").size());
        for (JsonNode node : root.path("result")) {
            Update update = read(node);
            if (update != null) {
                updates.add(update);
            }
        }
        answered.accept(getOffset());
        return updates;
    }

    /** The update, or an empty one with only its id if it cannot be read; null without a usable id. */
    public static Update read(JsonNode node) {
        try {
            return JSON.treeToValue(node, Update.class);
        } catch (IOException | IllegalArgumentException e) {
            JsonNode id = node.path("update_id");
            if (!id.canConvertToInt()) {
                log.warn("Skipping an update without a usable update_id: {}", e.getMessage());
                return null;
            }
            log.warn("Update {} could not be read and is skipped: {}", id.asInt(), e.getMessage().lines().findFirst().orElse(""));
            Update empty = new Update();
            empty.setUpdateId(id.asInt());
            return empty;
        }
    }
}
