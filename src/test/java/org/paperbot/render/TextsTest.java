package org.paperbot.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.testing.BotApiLimits;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextsTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d{1,2})}");
    private final Texts texts = Texts.russian();

    /** Texts over a hand-made bundle (the constructor is private: production texts come only from the file). */
    static Texts textsOf(Map<String, String> bundle) {
        try {
            Constructor<Texts> c = Texts.class.getDeclaredConstructor(Map.class);
            c.setAccessible(true);
            return c.newInstance(bundle);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void formatReplacesNumberedPlaceholders() {
        Texts t = textsOf(Map.of("k", "{0} и {1}, снова {0}"));
        assertThat(t.format("k", "А", 2)).isEqualTo("А и 2, снова А");
    }

    @Test
    void formatDoesNotRescanArguments() {
        Texts t = textsOf(Map.of("k", "{0}|{1}"));
        assertThat(t.format("k", "{1}", "x")).isEqualTo("{1}|x");
    }

    @Test
    void formatWithAMissingArgumentNamesKeyAndIndex() {
        Texts t = textsOf(Map.of("greeting", "{0} {2}"));
        assertThatThrownBy(() -> t.format("greeting", "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("greeting needs argument {2}");
    }

    @Test
    void bracesThatAreNotPlaceholdersStayAsTheyAre() {
        Texts t = textsOf(Map.of("k", "{} {x} {123} { 0 } {-1} { {0}} } {"));
        assertThat(t.format("k", "A")).isEqualTo("{} {x} {123} { 0 } {-1} { A} } {");
    }

    @Test
    void extraArgumentsAreIgnored() {
        assertThat(textsOf(Map.of("k", "no placeholders")).format("k", 1, 2)).isEqualTo("no placeholders");
    }

    @Test
    void unknownKeyIsAnError() {
        assertThatThrownBy(() -> texts.get("no.such.key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.key").hasMessageContaining(Texts.BUNDLE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"0, статей", "1, статья", "2, статьи", "3, статьи", "4, статьи", "5, статей", "10, статей",
            "11, статей", "12, статей", "13, статей", "14, статей", "15, статей", "20, статей", "21, статья",
            "22, статьи", "24, статьи", "25, статей", "100, статей", "101, статья", "102, статьи", "111, статей",
            "112, статей", "121, статья", "1001, статья", "1011, статей", "-1, статья", "-12, статей"})
    void russianPluralForms(long n, String form) {
        assertThat(texts.plural("plural.papers", n)).isEqualTo(form);
        assertThat(texts.count("plural.papers", n)).isEqualTo(n + " " + form);
    }

    @Test
    void pluralOfTopics() {
        assertThat(List.of(texts.count("plural.topics", 1), texts.count("plural.topics", 3), texts.count("plural.topics", 14)))
                .containsExactly("1 тема", "3 темы", "14 тем");
    }

    @Test
    void pluralNeedsThreeForms() {
        Texts t = textsOf(Map.of("bad", "один|два"));
        assertThatThrownBy(() -> t.plural("bad", 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("bad");
    }

    @ParameterizedTest
    @CsvSource({"2026-11-27, 27 ноября 2026", "2026-01-01, 1 января 2026", "2024-02-29, 29 февраля 2024",
            "2025-03-08, 8 марта 2025", "2025-04-30, 30 апреля 2025", "2025-05-09, 9 мая 2025",
            "2025-06-12, 12 июня 2025", "2025-07-31, 31 июля 2025", "2025-08-15, 15 августа 2025",
            "2025-09-01, 1 сентября 2025", "2025-10-10, 10 октября 2025", "1999-12-31, 31 декабря 1999"})
    void datesInTheGenitive(LocalDate date, String expected) {
        assertThat(texts.date(date)).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ the bundle itself

    @Test
    void everyKeyHasText() {
        assertThat(texts.all()).isNotEmpty();
        texts.all().forEach((k, v) -> assertThat(v.strip()).as(k).isNotEmpty());
    }

    @Test
    void pluralAndMonthKeysHaveAllForms() {
        texts.all().keySet().stream().filter(k -> k.startsWith("plural.")).forEach(k ->
                assertThat(texts.get(k).split("\\|", -1)).as(k).hasSize(3).allSatisfy(f -> assertThat(f).isNotBlank()));
        assertThat(texts.get("date.months").split("\\|", -1)).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void everyTemplateFilledWithSampleArgumentsIsValidTelegramHtml() {
        String sample = Html.escape("<x> & \"y\"");
        texts.all().forEach((key, template) -> {
            if (key.startsWith("plural.") || key.equals("date.months")) {
                return;
            }
            int arguments = maxPlaceholder(template) + 1;
            Object[] args = new Object[arguments];
            java.util.Arrays.fill(args, sample);
            String html = texts.format(key, args);
            assertThat(BotApiLimits.validateHtml(html)).as("%s = %s", key, html).isEmpty();
            assertThat(html).as(key).doesNotContainPattern("\\{\\d{1,2}}");
        });
    }

    @Test
    void placeholdersAreNumberedFromZeroWithoutGaps() {
        texts.all().forEach((key, template) -> {
            TreeSet<Integer> used = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(template);
            while (m.find()) {
                used.add(Integer.parseInt(m.group(1)));
            }
            if (!used.isEmpty()) {
                assertThat(used.last()).as(key).isEqualTo(used.size() - 1);
            }
        });
    }

    @Test
    void menuDescriptionsAndCallbackAnswersFitTelegramsLimits() {
        texts.all().forEach((key, text) -> {
            if (key.startsWith("command.")) {
                assertThat(text.length()).as(key).isBetween(1, 256);
            }
            if (key.startsWith("button.")) {
                assertThat(text.length()).as(key).isBetween(1, 64);
            }
        });
        for (String key : List.of("callback.stale", "callback.paperGone", "error.generic")) {
            assertThat(texts.get(key).length()).as(key).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void everyKeyUsedInTheCodeExists() throws IOException {
        // texts.get("key"), texts.format("key", …), … and menu keys given to the command table ("command.x").
        Pattern use = Pattern.compile("texts\\.(?:get|format|count|plural)\\(\"([a-z][A-Za-z.]+)\"|\"(command\\.[a-z]+)\"");
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    found++;
                    String key = m.group(1) != null ? m.group(1) : m.group(2);
                    if (!texts.all().containsKey(key)) {
                        missing.add(f.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(found).as("keys found in the code").isGreaterThan(30);
        assertThat(missing).isEmpty();
    }

    private static int maxPlaceholder(String template) {
        int max = -1;
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }
}
