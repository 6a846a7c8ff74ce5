package org.paperbot.store;

import java.time.LocalDate;
import java.util.Optional;

/**
 * How a chat wants its daily card: {@link #DEFAULTS} is how every chat was served before these settings existed.
 *
 * @param silent       the card arrives without a notification sound (Bot API {@code disable_notification})
 * @param weekdaysOnly no card on Saturday and Sunday, counted in the chat's zone
 * @param resumeOn     the first local date served again after a pause; dates before it get no card
 */
public record DeliverySettings(boolean silent, boolean weekdaysOnly, Optional<LocalDate> resumeOn) {
    public static final DeliverySettings DEFAULTS = new DeliverySettings(false, false, Optional.empty());

    public DeliverySettings withSilent(boolean value) {
        return new DeliverySettings(value, weekdaysOnly, resumeOn);
    }

    public DeliverySettings withWeekdaysOnly(boolean value) {
        return new DeliverySettings(silent, value, resumeOn);
    }

    public DeliverySettings withResumeOn(Optional<LocalDate> date) {
        return new DeliverySettings(silent, weekdaysOnly, date);
    }
}
