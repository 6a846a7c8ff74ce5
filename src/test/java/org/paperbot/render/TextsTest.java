package org.paperbot.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.catalog.RussianLint;
import org.paperbot.testing.BotApiLimits;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * Keys are chosen in many ways — {@code texts.get("k")}, a ternary or a switch choosing between literals, a key
     * handed to the command table — so the code is read for string literals, not for call shapes: a literal shaped
     * like a key ("word.word…") whose first word is a section of the bundle must be a key of the bundle, and so must
     * the literal first argument of any {@code texts.…(…)} call.
     */
    @Test
    void everyKeyUsedInTheCodeExists() throws IOException {
        Set<String> sections = texts.all().keySet().stream().map(k -> k.substring(0, k.indexOf('.') + 1))
                .collect(Collectors.toSet());
        Pattern call = Pattern.compile("texts\\.(?:get|format|count|plural)\\(\"([^\"]+)\"");
        List<String> missing = new ArrayList<>();
        int found = 0;
        for (Map.Entry<Path, String> source : mainSources().entrySet()) {
            Set<String> used = new TreeSet<>();
            for (String literal : stringLiterals(source.getValue())) {
                if (KEY_SHAPE.matcher(literal).matches() && sections.contains(literal.substring(0, literal.indexOf('.') + 1))) {
                    used.add(literal);
                }
            }
            Matcher m = call.matcher(source.getValue());
            while (m.find()) {
                used.add(m.group(1));
            }
            found += used.size();
            used.stream().filter(k -> !texts.all().containsKey(k)).forEach(k -> missing.add(source.getKey().getFileName() + ": " + k));
        }
        assertThat(found).as("keys found in the code").isGreaterThan(100);
        assertThat(missing).as("keys used in the code but missing from " + Texts.BUNDLE).isEmpty();
    }

    /** The other way round: a key no code names as a literal is dead text (or a key built at run time, not allowed). */
    @Test
    void everyKeyOfTheBundleIsUsedInTheCode() throws IOException {
        Set<String> literals = new TreeSet<>();
        mainSources().values().forEach(source -> literals.addAll(stringLiterals(source)));

        Set<String> unused = new TreeSet<>(texts.all().keySet());
        unused.removeAll(literals);

        assertThat(literals).as("literals found in the code").hasSizeGreaterThan(500);
        assertThat(unused).as("keys in " + Texts.BUNDLE + " that no code uses").isEmpty();
    }

    @Test
    void everyTextPassesTheRussianLint() {
        RussianLint lint = new RussianLint();
        texts.all().forEach((key, html) -> assertThat(lint.check(key, Html.toPlain(html))).as(key).isEmpty());
    }

    /** The native review's findings in the bot's own texts, so they do not creep back. */
    @Test
    void theBotSpeaksAsIAndWithoutTheReviewedSlips() {
        Pattern we = Pattern.compile("(?iu)(?<![\\p{L}])(мы|нас|нам|нами|наш|наша|наше|наши|нашего|нашей|нашему|нашем|нашим|нашими|наших|нашу)(?![\\p{L}])");
        Pattern zone = Pattern.compile("(?iu)пояс");
        Pattern timeZone = Pattern.compile("(?iu)часов\\p{L}* пояс");
        texts.all().forEach((key, html) -> {
            String plain = Html.toPlain(html);
            assertThat(we.matcher(plain).find()).as(key + ": «мы» instead of «я»: " + plain).isFalse();
            assertThat(timeZone.matcher(plain).results().count()).as(key + ": «пояс» without «часовой»: " + plain)
                    .isEqualTo(zone.matcher(plain).results().count());
            assertThat(plain).as(key).doesNotContainIgnoringCase("статья дня каждый день")
                    .doesNotContainIgnoringCase("статью дня каждый день").doesNotContain("24-часовой шкале", "Слишком часто");
        });
        // "Подписка: приостановлена 10 мая, потому что …": one colon in the /settings line.
        String forbidden = "Подписка: " + texts.format("settings.forbidden", "10 мая");
        assertThat(forbidden.chars().filter(c -> c == ':').count()).isEqualTo(2); // the label and "вернуть: /subscribe"
        assertThat(texts.get("button.openreview")).doesNotContain("OpenReview").contains("Обсуждение");
    }

    @Test
    void theLiteralReaderSkipsCommentsCharactersAndEscapes() {
        String source = "// \"comment.one\" is not code\n"
                + "/* \"comment.two\" neither */ String a = \"menu.a\"; char q = '\"'; char e = '\\'';\n"
                + "String b = \"say \\\"hi\\\" \\\\\"; String c = \"menu.c\"; String d = \"\"\"\n"
                + "    block.text\"\"\"; /** \"doc.comment\" */ String f = \"x.y\";\n";

        assertThat(stringLiterals(source)).containsExactly("menu.a", "say \\\"hi\\\" \\\\", "menu.c", "    block.text", "x.y");
    }

    private static final Pattern KEY_SHAPE = Pattern.compile("[a-z][A-Za-z]*(?:\\.[a-z][A-Za-z]*)+");

    private static Map<Path, String> mainSources() throws IOException {
        Map<Path, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(f, Files.readString(f));
            }
        }
        assertThat(sources).as("main sources").hasSizeGreaterThan(50);
        return sources;
    }

    /**
     * The string literals of a Java source as written (escapes left as they are), text blocks included; comments and
     * character literals are skipped, so a quote inside them does not start a string.
     */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        while (i < java.length()) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                int end = java.indexOf('\n', i);
                i = end < 0 ? java.length() : end + 1;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? java.length() : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int open = java.indexOf('\n', i) + 1;
                int close = java.indexOf("\"\"\"", open);
                literals.add(java.substring(open, close));
                i = close + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (java.charAt(j) != c) {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    literals.add(java.substring(i + 1, j));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
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
