package org.paperbot.zone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneNamesTest {
    private static ZoneId found(String text) {
        ZoneNames.Lookup lookup = ZoneNames.lookUp(text);
        assertThat(lookup).as(text).isInstanceOf(ZoneNames.Lookup.Found.class);
        return ((ZoneNames.Lookup.Found) lookup).zone();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "Москва;Europe/Moscow", "москва;Europe/Moscow", "МОСКВА;Europe/Moscow", "Берлин;Europe/Berlin",
            "Екатеринбург;Asia/Yekaterinburg", "Новосибирск;Asia/Novosibirsk", "Калининград;Europe/Kaliningrad",
            "Петропавловск-Камчатский;Asia/Kamchatka", "Нижний Новгород;Europe/Moscow", "нижний_новгород;Europe/Moscow",
            "Нью-Йорк;America/New_York", "Нью Йорк;America/New_York", "Кишинёв;Europe/Chisinau", "Киев;Europe/Kyiv"})
    void russianCityNamesFromTheTable(String text, String zone) {
        assertThat(found(text)).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "Europe/Berlin;Europe/Berlin", "europe/berlin;Europe/Berlin", "EUROPE/MOSCOW;Europe/Moscow",
            "Europe / Berlin;Europe/Berlin", "Europe/ Berlin;Europe/Berlin", "America/New York;America/New_York",
            "Berlin;Europe/Berlin", "novosibirsk;Asia/Novosibirsk", "UTC;UTC", "MSK;Europe/Moscow", "мск;Europe/Moscow"})
    void ianaIdsInAnyCaseWithSpacesAndUniqueEnglishCities(String text, String zone) {
        assertThat(found(text)).isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "UTC+3;UTC+03:00", "GMT+3;UTC+03:00", "+3;UTC+03:00", "utc +3;UTC+03:00", "UTC+05:30;UTC+05:30",
            "UTC+0530;UTC+05:30", "GMT-5;UTC-05:00", "−5;UTC-05:00", "+14;UTC+14:00", "МСК+4;UTC+07:00", "MSK-1;UTC+02:00"})
    void offsetsFromUtcAndFromMoscowTime(String text, String zone) {
        assertThat(found(text)).isEqualTo(ZoneId.of(zone));
        assertThat(found(text).getRules().getOffset(java.time.Instant.EPOCH)).isEqualTo(ZoneId.of(zone).normalized());
        assertThat(ZoneNames.isFixedOffset(found(text))).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "Asia/Calcutta;Asia/Kolkata", "asia/calcutta;Asia/Kolkata", "Europe/Kiev;Europe/Kyiv", "Kiev;Europe/Kyiv",
            "Asia/Saigon;Asia/Ho_Chi_Minh", "Indianapolis;America/Indiana/Indianapolis"})
    void renamedZonesComeBackUnderTheirCurrentNames(String text, String zone) {
        assertThat(found(text).getId()).isEqualTo(zone);
        assertThat(ZoneNames.current(ZoneId.of(zone))).as("a current name stays").isEqualTo(ZoneId.of(zone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "Марс", "UTC+15", "+3:75", "3", "08:30", "Europe/", "/", "", "   "})
    void whatNamesNoZoneIsUnknown(String text) {
        assertThat(ZoneNames.lookUp(text)).isInstanceOf(ZoneNames.Lookup.Unknown.class);
    }

    @Test
    void tooLongInputIsUnknownWithoutSearching() {
        assertThat(ZoneNames.lookUp("Europe/" + "x".repeat(ZoneNames.MAX_LENGTH))).isInstanceOf(ZoneNames.Lookup.Unknown.class);
    }

    @Test
    void realZonesAreNotFixedOffsets() {
        for (String id : new String[] {"Europe/Moscow", "Asia/Novosibirsk", "UTC", "Etc/GMT-3"}) {
            assertThat(ZoneNames.isFixedOffset(ZoneId.of(id))).as(id).isFalse();
        }
        assertThat(ZoneNames.isFixedOffset(ZoneOffset.ofHours(3))).isTrue();
    }

    @Test
    void aCityOfTwoZonesNamesBoth() {
        assertThat(ZoneNames.lookUp("West")).isEqualTo(new ZoneNames.Lookup.Ambiguous(java.util.List.of("Australia/West", "Brazil/West")));
    }

    @Test
    void everyTableEntryIsAZoneAndEveryRenamedZoneIsKnownUnderBothNames() {
        assertThat(ZoneNames.names()).hasSizeGreaterThan(60);
        ZoneNames.names().forEach((name, id) -> {
            assertThat(ZoneId.getAvailableZoneIds()).as(name).contains(id);
            assertThat(ZoneNames.nameKey(name)).as("keys are written as they are looked up").isEqualTo(name);
        });
        ZoneNames.renamed().forEach((old, current) -> {
            assertThat(ZoneId.getAvailableZoneIds()).as(old).contains(old, current);
            assertThat(ZoneId.of(old).getRules()).as(old + " and " + current + " are one zone today")
                    .satisfies(r -> assertThat(r.getOffset(java.time.Instant.parse("2026-01-15T12:00:00Z")))
                            .isEqualTo(ZoneId.of(current).getRules().getOffset(java.time.Instant.parse("2026-01-15T12:00:00Z"))));
        });
    }

    @Test
    void configurationGetsAnErrorThatSaysWhatIsAccepted() {
        assertThat(ZoneNames.parse("europe/moscow")).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThatThrownBy(() -> ZoneNames.parse("Mars")).hasMessageContaining("'Mars' is not a time zone")
                .hasMessageContaining("Europe/Moscow").hasMessageContaining("UTC+3");
        assertThatThrownBy(() -> ZoneNames.parse("West")).hasMessageContaining("several time zones: Australia/West, Brazil/West");
    }
}
