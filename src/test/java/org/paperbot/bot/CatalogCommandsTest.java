package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.paperbot.bot.Replied.callbackData;
import static org.paperbot.bot.Replied.onlySend;
import static org.paperbot.bot.Replied.urls;

class CatalogCommandsTest {
    static final long CHAT = 4242L;
    static final int PAGE_SIZE = 3;
    /** 21:30 UTC on 27 November is already 28 November in Moscow (UTC+3). */
    static final Instant LATE_EVENING_UTC = Instant.parse("2026-11-27T21:30:00Z");

    private final Texts texts = Texts.russian();
    private final Catalog catalog = TestPapers.realCatalog();
    private final Screens screens = Replied.screens(PAGE_SIZE, new SplittableRandom(1));
    private final Clock lateEvening = Clock.fixed(LATE_EVENING_UTC, ZoneOffset.UTC);

    private CommandRequest request(String args) {
        return new CommandRequest(Snapshot.of(catalog), CHAT, true, 7L, args);
    }

    private final TestRouter bot = router(catalog);
    private final CatalogCommands commands = new CatalogCommands(screens, bot.calendar());

    @AfterEach
    void close() {
        bot.close();
    }

    /** The real command table and router over {@code in}. */
    private TestRouter router(Catalog in) {
        return new TestRouter(in, screens, "paperbot_test_bot", lateEvening, id -> false, ChatAdmins.ANYONE, null);
    }

    /** The command as a user in a private chat sends it, through the real command table and router. */
    private SendMessage reply(String command, String args) {
        return reply(bot, command, args);
    }

    private SendMessage reply(Catalog in, String command, String args) {
        try (TestRouter other = router(in)) {
            return reply(other, command, args);
        }
    }

    private SendMessage reply(TestRouter router, String command, String args) {
        SendMessage m = onlySend(router.router().route(Updates.parse(Updates.privateText(CHAT, command + " " + args))));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(CHAT));
        assertThat(BotApiLimits.validateHtml(m.getText())).as(m.getText()).isEmpty();
        return m;
    }

    /** The message is the card of {@code p}, with links and ◀️ n/total ▶️ that wrap around the catalog. */
    private void assertCard(SendMessage m, Paper p, String headerHtml) {
        String card = screens.cards().cardHtml(p);
        assertThat(m.getText()).isEqualTo(headerHtml == null ? card : headerHtml + "\n\n" + card);
        assertThat(card).startsWith("<b>" + Html.escape(p.title()) + "</b>");
        int n = catalog.numberOf(p);
        int total = catalog.size();
        Paper prev = catalog.byNumber(n == 1 ? total : n - 1).orElseThrow();
        Paper next = catalog.byNumber(n == total ? 1 : n + 1).orElseThrow();
        assertThat(urls(m.getReplyMarkup())).containsExactlyElementsOf(Replied.linkUrls(p));
        assertThat(callbackData(m.getReplyMarkup())).containsExactly("sv:" + p.id(), "vu:" + p.id(), "vd:" + p.id(),
                "c:" + prev.id(), "l:" + (n - 1) / PAGE_SIZE, "c:" + next.id(), "sim:" + p.id(), "nt:" + p.id());
        assertThat(Replied.rows(m.getReplyMarkup()).get(2).get(1).getText()).isEqualTo(n + " / " + total);
    }

    /** The daily card: its dated header, the card, links, marks, more and sharing, and no ◀️ ▶️ that would turn it into another paper. */
    private void assertDailyCard(SendMessage m, Paper p, String date) {
        assertThat(m.getText()).isEqualTo(texts.format("today.header", date) + "\n\n" + screens.cards().cardHtml(p));
        assertThat(urls(m.getReplyMarkup())).startsWith(p.links().pdf().toString(), p.links().openReview().orElseThrow().toString());
        assertThat(callbackData(m.getReplyMarkup())).containsExactly("sv:" + p.id(), "vu:" + p.id(), "vd:" + p.id(),
                "sim:" + p.id(), "nt:" + p.id());
        assertThat(Replied.rows(m.getReplyMarkup()).get(3).get(0).getSwitchInlineQuery()).isEqualTo(p.id());
    }

    @Test
    void startGreetsWithTheCatalogSizeAndFourButtons() {
        SendMessage m = reply("/start", "");
        assertThat(m.getText()).isEqualTo(texts.format("start.text", texts.count("plural.papers", catalog.size())))
                .contains("8 статей");
        assertThat(callbackData(m.getReplyMarkup())).containsExactly("today", "random", "list", "topics");
    }

    @Test
    void helpNamesHistoryWithANumberOfDays() {
        assertThat(reply("/help", "").getText()).contains("/history N — за N дней, от 2 до 30");
    }

    @Test
    void helpListsEveryCommandsHelpLineAndIgnoresWhatFollows() {
        SendMessage m = reply("/help", "ignored args");
        assertThat(m.getText()).startsWith("<b>Что я умею</b>").contains("@paperbot_test_bot")
                .contains(texts.get("help.today"), texts.get("help.paper"), texts.get("help.subscribe"), texts.get("help.timezone"))
                .doesNotContain("/reload", texts.get("help.admin").strip());
        assertThat(m.getText().indexOf(texts.get("help.today"))).as("catalog part first")
                .isLessThan(m.getText().indexOf("Подписка на статью дня"));
        assertThat(m.getText().indexOf(texts.get("help.subscribe"))).isGreaterThan(m.getText().indexOf("Подписка на статью дня"));
        assertThat(m.getReplyMarkup()).isNull();
    }

    @Test
    void aboutListsEveryVenueFactEscaped() {
        SendMessage m = reply("/about", "");
        assertThat(m.getText()).startsWith(texts.format("about.text", texts.count("plural.papers", 8)))
                .contains("<b>ICLR 2024 в цифрах</b>").endsWith(texts.get("about.footer"));
        catalog.venues().get(0).facts().forEach(f -> assertThat(m.getText()).contains("• " + Html.escape(f)));
    }

    @Test
    void aboutEscapesVenueData() {
        Catalog evil = new Catalog(TestPapers.synthetic(2), List.of(TestPapers.venue("<V&>", "fact <b>bold</b> & co")));
        SendMessage m = onlySend(commands.about(new CommandRequest(Snapshot.of(evil), CHAT, true, 1L, "")));
        assertThat(m.getText()).contains("<b>&lt;V&amp;&gt; в цифрах</b>", "• fact &lt;b&gt;bold&lt;/b&gt; &amp; co");
        assertThat(BotApiLimits.validateHtml(m.getText())).isEmpty();
    }

    @Nested
    class ListCommand {
        private void assertPage(SendMessage m, int page) {
            int pages = (catalog.size() + PAGE_SIZE - 1) / PAGE_SIZE;
            List<Paper> onPage = catalog.papers().subList(page * PAGE_SIZE, Math.min(catalog.size(), (page + 1) * PAGE_SIZE));
            assertThat(m.getText()).contains("страница " + (page + 1) + " из " + pages);
            onPage.forEach(p -> assertThat(m.getText()).contains("<b>" + catalog.numberOf(p) + ".</b> "));
            List<String> expected = new ArrayList<>(onPage.stream().map(p -> "o:" + p.id()).toList());
            expected.addAll(List.of("l:" + (page - 1 + pages) % pages, "noop", "l:" + (page + 1) % pages));
            assertThat(callbackData(m.getReplyMarkup())).containsExactlyElementsOf(expected);
        }

        @Test
        void firstPageByDefault() {
            SendMessage m = reply("/list", "");
            assertThat(m.getText()).startsWith(texts.format("list.header", "8 статей"));
            assertPage(m, 0);
        }

        @ParameterizedTest(name = "/list {0} -> page {1}")
        @CsvSource(delimiter = '|', value = {"1|0", "2|1", "3|2", "03|2"})
        void pageArgument(String args, int page) {
            assertPage(reply("/list", args), page);
        }

        @ParameterizedTest(name = "/list {0} is not a page number")
        @ValueSource(strings = {"0", "abc", "-2", "+1", "2 3", "1234567", "1.5"})
        void aBadPageNumberIsExplainedWithAnExample(String args) {
            assertThat(reply("/list", args).getText())
                    .isEqualTo(texts.format("arg.page", "/list", Html.escape(args)))
                    .contains("Не понимаю номер страницы", "/list 2");
        }

        @ParameterizedTest(name = "/list {0} is past the last page")
        @ValueSource(strings = {"4", "999999"})
        void aPagePastTheEndSaysHowManyThereAre(String args) {
            assertThat(reply("/list", args).getText())
                    .isEqualTo(texts.format("arg.page.over", "/list", args, 3))
                    .isEqualTo("Страницы " + args + " нет: в каталоге всего страниц — 3. Последнюю откроет /list 3, первую — /list.");
        }

        @Test
        void aSinglePageHasNoPagingButtons() {
            Screens big = Replied.screens(20, new SplittableRandom(1));
            SendMessage m = onlySend(new CatalogCommands(big, bot.calendar()).list(request(""), java.util.Optional.empty()));
            assertThat(m.getText()).doesNotContain("страница");
            assertThat(callbackData(m.getReplyMarkup())).containsExactlyElementsOf(catalog.papers().stream().map(p -> "o:" + p.id()).toList());
            // Number buttons come five to a row.
            assertThat(Replied.rows(m.getReplyMarkup())).extracting(List::size).containsExactly(5, 3);
        }
    }

    @Nested
    class PaperCommand {
        @Test
        void byNumberShowsEveryCardWithWrappingNavigation() {
            for (int n = 1; n <= catalog.size(); n++) {
                assertCard(reply("/paper", String.valueOf(n)), catalog.byNumber(n).orElseThrow(), null);
            }
        }

        @Test
        void plusSignAndLeadingZerosAreNumbers() {
            assertCard(reply("/paper", "+3"), catalog.byNumber(3).orElseThrow(), null);
            assertCard(reply("/paper", "007"), catalog.byNumber(7).orElseThrow(), null);
        }

        @Test
        void byOpenReviewIdAndArxivIdOfEveryPaper() {
            for (Paper p : catalog.papers()) {
                assertCard(reply("/paper", p.id()), p, null);
                assertCard(reply("/paper", p.arxivId().orElseThrow()), p, null);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://arxiv.org/abs/2310.10638", "http://arxiv.org/abs/2310.10638v2", "arxiv.org/pdf/2310.10638",
                "https://www.arxiv.org/pdf/2310.10638v1.pdf", "https://ARXIV.org/abs/2310.10638", "2310.10638v3",
                "https://openreview.net/forum?id=LXVswInHOo", "https://openreview.net/pdf?id=LXVswInHOo",
                "openreview.net/forum?noteId=1&id=LXVswInHOo", "  LXVswInHOo  ", "arXiv:2310.10638", "ARXIV:2310.10638v2"})
        void byPastedLink(String link) {
            assertCard(reply("/paper", link), catalog.byId("LXVswInHOo").orElseThrow(), null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"arXiv:2310.12773", "https://arxiv.org/abs/2310.12773v2", "2310.12773", "arxiv.org/pdf/2310.12773v1.pdf"})
        void paperAndSearchReadALinkTheSameWay(String link) {
            Paper named = catalog.papers().stream().filter(p -> p.arxivId().orElse("").equals("2310.12773")).findFirst().orElseThrow();
            assertCard(reply("/paper", link), named, null);
            assertThat(Snapshot.of(catalog).search().search(link, 0, 1).papers()).containsExactly(named);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2401.00009v2", "2401.00009", "https://arxiv.org/abs/2401.00009v2", "arxiv.org/pdf/2401.00009"})
        void aPaperWhoseArxivIdHasAVersionIsFoundByAnyVersion(String arg) {
            Paper versioned = TestPapers.paper("ver").arxivId("2401.00009v2").build();
            Catalog c = TestPapers.catalogOf(TestPapers.paper("other").build(), versioned);
            SendMessage m = reply(c, "/paper", arg);
            assertThat(m.getText()).startsWith("<b>" + versioned.title() + "</b>");
        }

        @Test
        void withoutArgumentsExplainsUsageWithARealId() {
            SendMessage m = reply("/paper", "");
            assertThat(m.getText()).isEqualTo(texts.format("paper.usage", catalog.papers().get(0).id()));
            assertThat(m.getReplyMarkup()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "9", "-1", "+0", "2147483648", "9999999999", "99999999999999999999", "-99999999999999999999"})
        void unknownNumberSaysHowManyPapersThereAre(String number) {
            SendMessage m = reply("/paper", number);
            assertThat(m.getText()).isEqualTo(texts.format("paper.noNumber", number, "8 статей"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"nosuchid", "2401.99999", "https://openreview.net/forum?id=Nope1", "https://example.org/abs/2310.10638",
                "LXVSWINHOO", "3 4"})
        void unknownIdOrLinkIsNotFound(String arg) {
            SendMessage m = reply("/paper", arg);
            assertThat(m.getText()).isEqualTo(texts.format("paper.notFound", Html.escape(arg), catalog.papers().get(0).id()));
        }

        @Test
        void hostileInputIsEchoedEscaped() {
            SendMessage m = reply("/paper", "<b>x</b> & \"y\"");
            assertThat(m.getText()).contains("«&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;»").doesNotContain("<b>x</b>");
        }

        @Test
        void longInputIsEchoedShortened() {
            String arg = "<&>".repeat(2000);
            SendMessage m = reply("/paper", arg);
            String echoed = m.getText().substring(m.getText().indexOf('«') + 1, m.getText().indexOf('»'));
            assertThat(Html.toPlain(echoed)).endsWith("…").hasSizeLessThanOrEqualTo(Replies.ECHO_LIMIT);
            assertThat(arg).startsWith(Html.toPlain(echoed).replace("…", ""));
            assertThat(m.getText().length()).isLessThan(500);
        }

        @Test
        void hugeNumberIsEchoedShortened() {
            String number = "9".repeat(4000);
            SendMessage m = reply("/paper", number);
            assertThat(m.getText()).contains("номером " + "9".repeat(Replies.ECHO_LIMIT - 1) + "… нет");
        }
    }

    @Nested
    class TodayAndRandom {
        @Test
        void todayUsesTheConfiguredZoneAcrossTheDateBoundary() {
            LocalDate moscowDate = LocalDate.of(2026, 11, 28);
            Paper expected = screens.daily().pick(catalog, moscowDate).paper().orElseThrow();
            SendMessage m = reply("/today", "");
            assertDailyCard(m, expected, "28 ноября 2026");
        }

        @Test
        void todayJustBeforeMidnightInMoscowIsStillTheSameDay() {
            Instant beforeMidnight = Instant.parse("2026-11-27T20:59:59Z");
            SendMessage m = onlySend(new CatalogCommands(screens, Replied.calendar(Clock.fixed(beforeMidnight, ZoneOffset.UTC)))
                    .today(request("")));
            assertThat(m.getText()).startsWith(texts.format("today.header", "27 ноября 2026"))
                    .contains(Html.escape(screens.daily().pick(catalog, LocalDate.of(2026, 11, 27)).paper().orElseThrow().title()));
        }

        @Test
        void theClocksOwnZoneDoesNotMatter() {
            CatalogCommands c = new CatalogCommands(screens,
                    Replied.calendar(Clock.fixed(LATE_EVENING_UTC, ZoneId.of("America/Los_Angeles"))));
            assertThat(onlySend(c.today(request(""))).getText()).contains("28 ноября 2026");
        }

        @Test
        void randomShowsThePaperTheGeneratorPicks() {
            RandomGenerator random = mock(RandomGenerator.class);
            when(random.nextInt(catalog.size())).thenReturn(5, 0);
            CatalogCommands c = new CatalogCommands(Replied.screens(PAGE_SIZE, random), bot.calendar());

            SendMessage first = onlySend(c.random(request("")));
            SendMessage second = onlySend(c.random(request("")));

            assertCard(first, catalog.papers().get(5), texts.get("random.header"));
            assertCard(second, catalog.papers().get(0), texts.get("random.header"));
            verify(random, org.mockito.Mockito.times(2)).nextInt(catalog.size());
        }

        @Test
        void randomWithASeededGeneratorIsReproducible() {
            SplittableRandom expectedSequence = new SplittableRandom(99);
            CatalogCommands c = new CatalogCommands(Replied.screens(PAGE_SIZE, new SplittableRandom(99)), bot.calendar());
            for (int i = 0; i < 20; i++) {
                Paper expected = catalog.papers().get(expectedSequence.nextInt(catalog.size()));
                assertThat(onlySend(c.random(request(""))).getText()).contains("<b>" + Html.escape(expected.title()) + "</b>");
            }
        }
    }

    @Nested
    class Topics {
        @Test
        void topicsListsEveryTopicWithCountsAndButtons() {
            SendMessage m = reply("/topics", "");
            List<Catalog.TopicCount> topics = catalog.topics();
            assertThat(m.getText()).startsWith(texts.format("topics.header", texts.count("plural.topics", topics.size())));
            int last = -1;
            for (Catalog.TopicCount t : topics) {
                String line = "#" + t.topic() + " — " + texts.count("plural.papers", t.count());
                int at = m.getText().indexOf(line + "\n");
                assertThat(at).as(line).isGreaterThan(last);
                last = at;
            }
            assertThat(m.getText()).doesNotContain("…и ещё").endsWith(texts.format("topics.footer", topics.get(0).topic()));
            assertThat(callbackData(m.getReplyMarkup())).containsExactlyElementsOf(topics.stream().map(t -> "T:" + t.topic()).toList());
            assertThat(Replied.rows(m.getReplyMarkup())).allSatisfy(r -> assertThat(r).hasSizeBetween(1, 3));
            assertThat(Replied.rows(m.getReplyMarkup()).get(0).get(0).getText())
                    .isEqualTo("#" + topics.get(0).topic() + " · " + topics.get(0).count());
        }

        @Test
        void manyLongTopicsAreCutToOneMessageAndThirtyButtons() {
            List<Paper> papers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                List<String> topics = new ArrayList<>();
                for (int j = 0; j < 6; j++) {
                    topics.add("тема_" + "ж".repeat(20) + "_" + (i * 6 + j));
                }
                papers.add(TestPapers.paper("m" + i).topics(topics).build());
            }
            Catalog many = TestPapers.catalogOf(papers);
            SendMessage m = onlySend(commands.topics(new CommandRequest(Snapshot.of(many), CHAT, true, 1L, "")));

            assertThat(BotApiLimits.validateHtml(m.getText())).isEmpty();
            int shown = (int) m.getText().lines().filter(l -> l.startsWith("#")).count();
            assertThat(shown).isBetween(10, 359);
            assertThat(m.getText()).contains("…и ещё " + texts.count("plural.topics", 360 - shown));
            assertThat(callbackData(m.getReplyMarkup())).hasSize(ListScreens.TOPIC_BUTTONS)
                    .allSatisfy(d -> assertThat(d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));
        }

        @ParameterizedTest
        @ValueSource(strings = {"LLM", "llm", "#LLM", "#llm"})
        void topicWithOrWithoutHash(String arg) {
            SendMessage m = reply("/topic", arg);
            List<Paper> llm = catalog.withTopic("LLM");
            int pages = (llm.size() + PAGE_SIZE - 1) / PAGE_SIZE;
            assertThat(m.getText()).startsWith(texts.format("topic.header", "LLM", texts.count("plural.papers", llm.size())));
            List<String> expected = new ArrayList<>(llm.subList(0, PAGE_SIZE).stream().map(p -> "o:" + p.id()).toList());
            expected.addAll(List.of("t:" + (pages - 1) + ":LLM", "noop", "t:1:LLM"));
            assertThat(callbackData(m.getReplyMarkup())).containsExactlyElementsOf(expected);
            // Numbers are catalog numbers, so "/paper N" opens the same paper.
            llm.subList(0, PAGE_SIZE).forEach(p -> assertThat(m.getText()).contains("<b>" + catalog.numberOf(p) + ".</b>"));
        }

        @Test
        void topicWithYoAndCase() {
            Catalog c = TestPapers.catalogOf(TestPapers.paper("a").topics("Ёлка").build());
            SendMessage m = onlySend(commands.topic(new CommandRequest(Snapshot.of(c), CHAT, true, 1L, "#ЕЛКА")));
            assertThat(m.getText()).startsWith("🏷 <b>#Ёлка</b> · 1 статья");
        }

        @Test
        void unknownTopicIsEchoedEscaped() {
            SendMessage m = reply("/topic", "<квантовые>");
            assertThat(m.getText()).isEqualTo(texts.format("topic.notFound", "&lt;квантовые&gt;"));
        }

        @Test
        void topicWithoutArgumentsSuggestsTheMostCommonOne() {
            SendMessage m = reply("/topic", "");
            assertThat(m.getText()).isEqualTo(texts.format("topic.usage", catalog.topics().get(0).topic()));
        }
    }
}
