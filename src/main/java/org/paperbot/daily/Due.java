package org.paperbot.daily;

import java.time.LocalDate;

/**
 * One card to deliver: the paper of {@code localDate} (the subscriber's own date) to {@code chatId}, without a
 * notification sound when {@code silent}.
 */
public record Due(long chatId, LocalDate localDate, boolean silent) {
}
