package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The delivery settings of a chat (silent, weekdays only, paused): columns of its subscription row, so they move
 * with it (a supergroup migration) and are read with it by the scheduler. A chat without a row has the defaults and
 * cannot change them: settings belong to a subscription.
 */
public final class DeliverySettingsStore {
    private final Database db;
    private final Clock clock;

    public DeliverySettingsStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The chat's settings, the defaults when it has no subscription row. */
    public DeliverySettings get(long chatId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT silent, weekdays_only, resume_on FROM subscription WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? read(rs.getInt(1), rs.getInt(2), rs.getString(3)) : DeliverySettings.DEFAULTS;
                }
            }
        });
    }

    /** Stores {@code settings} for the chat; false (nothing written) when the chat has no subscription row. */
    public boolean set(long chatId, DeliverySettings settings) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET silent = ?, weekdays_only = ?, "
                    + "resume_on = ?, updated_at = ? WHERE chat_id = ?")) {
                p.setInt(1, settings.silent() ? 1 : 0);
                p.setInt(2, settings.weekdaysOnly() ? 1 : 0);
                p.setString(3, settings.resumeOn().map(LocalDate::toString).orElse(null));
                p.setString(4, clock.instant().toString());
                p.setLong(5, chatId);
                if (p.executeUpdate() != 1) {
                    return false;
                }
            }
            DueTimes.refresh(c, chatId, clock.instant());
            return true;
        });
    }

    /** The settings as the columns hold them; {@link DeliveryStore} reads them the same way. */
    static DeliverySettings read(int silent, int weekdaysOnly, String resumeOn) {
        return new DeliverySettings(silent == 1, weekdaysOnly == 1, Optional.ofNullable(resumeOn).map(LocalDate::parse));
    }
}
