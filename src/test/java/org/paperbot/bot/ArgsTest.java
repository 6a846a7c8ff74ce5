package org.paperbot.bot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.PaperRef;
import org.paperbot.render.Texts;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ArgsTest {
    private final Texts texts = Texts.russian();

    private static <A> A value(Args.Arg<A> arg, String text) {
        Args.Parsed<A> parsed = arg.parse(text);
        assertThat(parsed).as(text).isInstanceOf(Args.Parsed.Ok.class);
        return ((Args.Parsed.Ok<A>) parsed).value();
    }

    /** The problem's text key, after checking its template takes the command, the input and the details. */
    private <A> String problem(Args.Arg<A> arg, String text) {
        Args.Parsed<A> parsed = arg.parse(text);
        assertThat(parsed).as(text).isInstanceOf(Args.Parsed.Problem.class);
        Args.Parsed.Problem<A> p = (Args.Parsed.Problem<A>) parsed;
        Object[] values = new Object[2 + p.details().size()];
        values[0] = "/cmd";
        values[1] = text;
        for (int i = 0; i < p.details().size(); i++) {
            values[2 + i] = p.details().get(i);
        }
        String message = texts.format(p.textKey(), values);
        assertThat(message).as(p.textKey()).contains("/cmd").doesNotContainPattern("\\{\\d\\}");
        return p.textKey();
    }

    @Test
    void noneTakesOnlyNothing() {
        assertThat(value(Args.none(), "")).isEqualTo(Args.Nothing.NOTHING);
        assertThat(problem(Args.none(), "5")).isEqualTo("arg.none");
        assertThat(texts.format("arg.none", "/random", "5"))
                .isEqualTo("Не понимаю «5»: команда /random работает без уточнений — отправьте просто /random.");
    }

    @Test
    void optionalIsEmptyWithoutTextAndStrictWithIt() {
        assertThat(value(Args.optional(Args.page()), "")).isEmpty();
        assertThat(value(Args.optional(Args.page()), "2")).contains(2);
        assertThat(problem(Args.optional(Args.page()), "x")).isEqualTo("arg.page");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "-1", "+1", "abc", "1.5", "2 3", "1234567", "٣", "Ⅻ"})
    void aPageIsAPositiveNumber(String bad) {
        assertThat(problem(Args.page(), bad)).isEqualTo("arg.page");
    }

    @Test
    void pageNumbersReadAsPeopleWriteThem() {
        assertThat(value(Args.page(), "1")).isEqualTo(1);
        assertThat(value(Args.page(), "007")).isEqualTo(7);
        assertThat(value(Args.page(), "999999")).isEqualTo(999_999);
        assertThat(texts.format("arg.page", "/list", "abc")).isEqualTo("Не понимаю номер страницы «abc»: нужно целое число от 1, например /list 2.");
    }

    @Test
    void daysMustBeWithinTheRange() {
        Args.Arg<Integer> days = Args.days(2, 30);
        assertThat(value(days, "2")).isEqualTo(2);
        assertThat(value(days, "30")).isEqualTo(30);
        for (String bad : List.of("0", "1", "31", "-5", "abc", "")) {
            assertThat(problem(days, bad)).as(bad).isEqualTo("arg.days");
        }
        assertThat(((Args.Parsed.Problem<Integer>) days.parse("0")).details()).containsExactly("2", "30");
        assertThat(texts.format("arg.days", "/history", "0", 2, 30))
                .isEqualTo("Не понимаю число дней «0»: нужно число от 2 до 30, например /history 14.");
    }

    @Test
    void timesAreOnA24HourClock() {
        assertThat(value(Args.time(), "8")).isEqualTo(LocalTime.of(8, 0));
        assertThat(value(Args.time(), "08:30")).isEqualTo(LocalTime.of(8, 30));
        assertThat(value(Args.time(), "23.59")).isEqualTo(LocalTime.of(23, 59));
        assertThat(value(Args.time(), "0:00")).isEqualTo(LocalTime.MIDNIGHT);
        for (String bad : List.of("24:00", "9:60", "123", "12:5", "утром", "9 утра", "-1")) {
            assertThat(problem(Args.time(), bad)).as(bad).isEqualTo("arg.time");
        }
        assertThat(texts.format("arg.time", "/subscribe", "25:00")).contains("Не понимаю время «25:00»", "/subscribe 08:30");
    }

    @Test
    void zonesAreIanaIdsForgivingCaseSpacesAndAUniqueCity() {
        assertThat(value(Args.zone(), "Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(value(Args.zone(), "europe/berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(value(Args.zone(), "America/New York")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(value(Args.zone(), "Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        for (String bad : List.of("Mars/Olympus", "Марс", "UTC+25", "x".repeat(65))) {
            assertThat(problem(Args.zone(), bad)).as(bad).isEqualTo("arg.zone");
        }
        assertThat(texts.format("arg.zone", "/timezone", "Mars/Olympus"))
                .contains("Не знаю часового пояса «Mars/Olympus»", "/timezone Москва", "/timezone Europe/Berlin", "/timezone UTC+3");
    }

    @Test
    void zonesAreAlsoRussianCitiesAndOffsets() {
        assertThat(value(Args.zone(), "Москва")).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(value(Args.zone(), "MSK")).isEqualTo(ZoneId.of("Europe/Moscow"));
        assertThat(value(Args.zone(), "UTC+3")).isEqualTo(ZoneId.of("UTC+03:00"));
        assertThat(value(Args.zone(), "Europe / Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(value(Args.zone(), "Asia/Calcutta")).isEqualTo(ZoneId.of("Asia/Kolkata"));
    }

    @Test
    void aCityOfSeveralZonesNamesThem() {
        assertThat(problem(Args.zone(), "West")).isEqualTo("arg.zone.ambiguous");
        Args.Parsed.Problem<ZoneId> p = (Args.Parsed.Problem<ZoneId>) Args.zone().parse("West");
        assertThat(p.details()).containsExactly("Australia/West, Brazil/West", "Australia/West");
        assertThat(texts.format("arg.zone.ambiguous", "/timezone", "West", p.details().get(0), p.details().get(1)))
                .contains("несколько часовых поясов", "/timezone Australia/West");
    }

    @Test
    void anOldAndANewNameOfOneZoneAreNotAChoice() {
        // America/Indianapolis is the old name of America/Indiana/Indianapolis: one zone, so no question.
        assertThat(value(Args.zone(), "Indianapolis")).isEqualTo(ZoneId.of("America/Indiana/Indianapolis"));
    }

    @Test
    void aPaperIsANumberOrAReference() {
        assertThat(value(Args.paper(), "3")).isEqualTo(new Args.PaperArg.Number(3));
        assertThat(value(Args.paper(), "+3")).isEqualTo(new Args.PaperArg.Number(3));
        assertThat(value(Args.paper(), "-1")).isEqualTo(new Args.PaperArg.Number(-1));
        assertThat(value(Args.paper(), "9".repeat(25))).as("too long for any paper").isEqualTo(new Args.PaperArg.Number(0));
        assertThat(value(Args.paper(), "arXiv:2310.12773")).isEqualTo(new Args.PaperArg.Ref(new PaperRef.Arxiv("2310.12773")));
        assertThat(value(Args.paper(), "https://arxiv.org/abs/2310.12773v2"))
                .isEqualTo(new Args.PaperArg.Ref(new PaperRef.Arxiv("2310.12773")));
        assertThat(value(Args.paper(), "https://openreview.net/forum?id=LXVswInHOo"))
                .isEqualTo(new Args.PaperArg.Ref(new PaperRef.OpenReview("LXVswInHOo")));
        assertThat(value(Args.paper(), "y01KGvd9Bw")).isEqualTo(new Args.PaperArg.Ref(new PaperRef.OpenReview("y01KGvd9Bw")));
    }

    @Test
    void digitsAreTheOneReaderOfSmallNumbers() {
        assertThat(Args.digits("0")).hasValue(0);
        assertThat(Args.digits("007")).hasValue(7);
        assertThat(Args.digits("999999")).hasValue(999_999);
        for (String bad : new String[] {null, "", "1234567", "-1", "+1", " 1", "1 ", "٣", "1e3"}) {
            assertThat(Args.digits(bad)).as(String.valueOf(bad)).isEqualTo(OptionalInt.empty());
        }
    }

    @Test
    void freeTextIsKeptAsTyped() {
        assertThat(value(Args.text(), "")).isEmpty();
        assertThat(value(Args.text(), "p_LXVswInHOo")).isEqualTo("p_LXVswInHOo");
        assertThat(value(Args.optional(Args.text()), "x")).isEqualTo(Optional.of("x"));
    }
}
