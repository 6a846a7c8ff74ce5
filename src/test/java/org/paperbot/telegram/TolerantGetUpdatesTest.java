package org.paperbot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TolerantGetUpdatesTest {
    private final List<Long> answered = new ArrayList<>();
    private final TolerantGetUpdates request = new TolerantGetUpdates(7, 100, 50, LongPollingRunner.ALLOWED_UPDATES, answered::add);

    @Test
    void theRequestCarriesOnlyBotApiFields() throws Exception {
        JsonNode body = new ObjectMapper().valueToTree(request);
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("method", "offset", "limit", "timeout", "allowed_updates");
        assertThat(body.path("offset").asInt()).isEqualTo(7);
    }

    @Test
    void anAnswerReportsTheOffsetTelegramAccepted() throws Exception {
        List<Update> updates = request.deserializeResponse("""
                {"ok":true,"result":[{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"}}},
                                     {"update_id":8,"message":{"message_id":"not a number"}}]}""");
        assertThat(updates).extracting(Update::getUpdateId).containsExactly(7, 8);
        assertThat(updates.get(1).getMessage()).as("unreadable: an empty update with its id").isNull();
        assertThat(answered).containsExactly(7L);
    }

    @Test
    void anErrorAnswerReportsNothing() {
        assertThatThrownBy(() -> request.deserializeResponse("{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}"))
                .isInstanceOf(TelegramApiRequestException.class);
        assertThat(answered).isEmpty();
    }
}
