package org.paperbot.bot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackDataTest {
    /** The longest topic the catalog loader accepts: 28 Cyrillic letters (56 bytes). */
    static final String LONGEST_TOPIC = "ж".repeat(28);
    static final String LONGEST_ID = "I".repeat(40);
    /** The real route table, which does the decoding. */
    static final ButtonRoutes ROUTES = new TestRouter(TestPapers.realCatalog(), Replied.screens(3, new SplittableRandom(1)), "paperbot_test_bot", Clock.systemUTC(), id -> false, ChatAdmins.ANYONE, null).callbacks().routes();

    static List<CallbackData> examples() {
        return List.of(
                new CallbackData.ShowCard("y01KGvd9Bw"), new CallbackData.ShowCard(LONGEST_ID),
                new CallbackData.OpenCard("MrR3rMxqqv"), new CallbackData.OpenCard("a-b_c"),
                new CallbackData.ListPage(0), new CallbackData.ListPage(7), new CallbackData.ListPage(999_999),
                new CallbackData.TopicPage("LLM", 0), new CallbackData.TopicPage("обучение_в_контексте", 12),
                new CallbackData.TopicPage(LONGEST_TOPIC, 9999),
                new CallbackData.OpenTopic("LLM"), new CallbackData.OpenTopic(LONGEST_TOPIC),
                new CallbackData.Today(), new CallbackData.RandomPaper(), new CallbackData.OpenList(),
                new CallbackData.Topics(), new CallbackData.Noop(), new CallbackData.Similar("y01KGvd9Bw"),
                new CallbackData.Similar(LONGEST_ID),
                new CallbackData.SearchPage("трансформеры", 3), new CallbackData.SearchPage("a:b:c", 0),
                new CallbackData.SearchPage("ж".repeat(29), 99), new CallbackData.SearchByKey("2kq3x9f0abc", 12),
                new CallbackData.OpenSettings(), new CallbackData.Unsubscribe(), new CallbackData.Resubscribe(),
                new CallbackData.ChangeSettings(CallbackData.ChangeSettings.Change.SILENT),
                new CallbackData.ChangeSettings(CallbackData.ChangeSettings.Change.EVERY_DAY),
                new CallbackData.ChangeSettings(CallbackData.ChangeSettings.Change.OTHER_TIME),
                new CallbackData.ChooseTime(java.time.LocalTime.of(0, 0)), new CallbackData.ChooseTime(java.time.LocalTime.of(8, 30)),
                new CallbackData.ChooseTime(java.time.LocalTime.of(23, 59)),

                new CallbackData.SavePaper(LONGEST_ID), new CallbackData.VoteUp("MrR3rMxqqv"),
                new CallbackData.VoteDown(LONGEST_ID), new CallbackData.NoteAbout("a-b_c"), new CallbackData.NoteCancel(),
                new CallbackData.SavedPage(0), new CallbackData.SavedPage(999_999),
                new CallbackData.SavedRemove(LONGEST_ID, 999_999), new CallbackData.SavedRemove("a:b", 0),
                new CallbackData.Unfollow("t" + LONGEST_TOPIC), new CallbackData.Unfollow("abengio"));
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void everyVariantRoundTripsAndFitsSixtyFourBytes() {
        for (CallbackData d : examples()) {
            String encoded = CallbackData.encode(d);
            assertThat(bytes(encoded)).as(encoded).isBetween(1, CallbackData.MAX_BYTES);
            assertThat(ROUTES.decode(encoded)).as(encoded).contains(d);
        }
    }

    @Test
    void theExamplesCoverEveryVariant() {
        Set<Class<?>> covered = examples().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(CallbackData.class.getPermittedSubclasses());
    }

    @Test
    void encodingsAreDistinct() {
        List<String> encoded = examples().stream().map(CallbackData::encode).toList();
        assertThat(encoded).doesNotHaveDuplicates();
    }

    @Test
    void everyButtonTheRealCatalogCanProduceFits() {
        Catalog catalog = TestPapers.realCatalog();
        List<CallbackData> all = new ArrayList<>();
        for (Paper p : catalog.papers()) {
            all.add(new CallbackData.ShowCard(p.id()));
            all.add(new CallbackData.OpenCard(p.id()));
        }
        for (Catalog.TopicCount t : catalog.topics()) {
            all.add(new CallbackData.OpenTopic(t.topic()));
            for (int page = 0; page < 100; page++) {
                all.add(new CallbackData.TopicPage(t.topic(), page));
            }
        }
        for (CallbackData d : all) {
            String encoded = CallbackData.encode(d);
            assertThat(bytes(encoded)).as(encoded).isLessThanOrEqualTo(64);
            assertThat(ROUTES.decode(encoded)).contains(d);
        }
    }

    @Test
    void theLongestValidTopicFitsWithAFiveDigitPage() {
        String encoded = CallbackData.encode(new CallbackData.TopicPage(LONGEST_TOPIC, 99_999));
        assertThat(bytes(encoded)).isEqualTo(64);
    }

    @Test
    void encodingOverSixtyFourBytesIsRefused() {
        assertThatThrownBy(() -> CallbackData.encode(new CallbackData.ShowCard("x".repeat(63))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> CallbackData.encode(new CallbackData.OpenTopic("機".repeat(21))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "c", "c:", "o:", "T:", "l:", "l:abc", "l:-1", "l:+1", "l:1234567", "l:1.5", "l: 1",
            "t:", "t:1", "t:1:", "t::LLM", "t:x:LLM", "t:-1:LLM", "t:1234567:LLM", "zzz:garbage", "cc:x", ":x", "TODAY",
            "today ", " today", "Noop", "q:1", "list:2",
            "ds:", "ds:toggle", "ds:SILENT", "ds:every day", "dt:", "dt:2400", "dt:0860", "dt:830", "dt:08:30", "dt:-100",
            "settings:1", "unsub:x"})
    void garbageIsRejected(String raw) {
        assertThat(ROUTES.decode(raw)).as(raw).isEmpty();
    }

    @Test
    void nullAndOverLongDataAreRejected() {
        assertThat(ROUTES.decode(null)).isEmpty();
        assertThat(ROUTES.decode("c:" + "x".repeat(63))).isEmpty();
        assertThat(ROUTES.decode("T:" + "ж".repeat(32))).isEmpty();
        assertThat(ROUTES.decode("c:" + "x".repeat(62))).contains(new CallbackData.ShowCard("x".repeat(62)));
    }

    @Test
    void pageNumbersAreDecimal() {
        assertThat(ROUTES.decode("l:007")).contains(new CallbackData.ListPage(7));
        assertThat(ROUTES.decode("t:999999:LLM")).contains(new CallbackData.TopicPage("LLM", 999_999));
    }

    @Test
    void decodedIdsAreTakenVerbatim() {
        // Unknown ids decode fine; the handler then answers that the paper is gone.
        assertThat(ROUTES.decode("c:GoneForever")).isEqualTo(Optional.of(new CallbackData.ShowCard("GoneForever")));
        assertThat(ROUTES.decode("t:0:a:b")).contains(new CallbackData.TopicPage("a:b", 0));
    }

    @Test
    void dataOfAnotherKindIsRefusedRatherThanMislabelled() {
        assertThatThrownBy(() -> CallbackData.ShowCard.KIND.encode(new CallbackData.OpenCard("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpenCard is not a ShowCard");
    }

    @Test
    void anEmptyPayloadIsRefusedAtEncoding() {
        assertThatThrownBy(() -> CallbackData.encode(new CallbackData.ShowCard("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty payload");
    }

    @Test
    void aKeyThatWouldNotReadBackIsRefusedWhenTheKindIsDeclared() {
        assertThatThrownBy(() -> ButtonKind.text("c:x", CallbackData.ShowCard.class, CallbackData.ShowCard::paperId,
                CallbackData.ShowCard::new)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("letters only");
        assertThatThrownBy(() -> ButtonKind.word("", CallbackData.Noop.class, CallbackData.Noop::new))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTableWithAButtonLeftWithoutHandlerIsRefusedAtBuild() {
        ButtonRoutes.Builder partial = ButtonRoutes.builder()
                .on(CallbackData.ShowCard.KIND, (press, d) -> press.answer(null))
                .on(CallbackData.Noop.KIND, (press, d) -> press.answer(null));
        assertThatThrownBy(partial::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buttons without a handler").hasMessageContaining("OpenCard").hasMessageContaining("Today")
                .hasMessageNotContaining("ShowCard");
    }

    @Test
    void twoKindsUnderOneKeyOrOneKindTwiceAreRefused() {
        ButtonRoutes.Builder b = ButtonRoutes.builder().on(CallbackData.ShowCard.KIND, (press, d) -> press.answer(null));
        ButtonKind<CallbackData.OpenCard> clash = ButtonKind.text("c", CallbackData.OpenCard.class,
                CallbackData.OpenCard::paperId, CallbackData.OpenCard::new);
        assertThatThrownBy(() -> b.on(clash, (press, d) -> press.answer(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 'c'");
        assertThatThrownBy(() -> b.on(CallbackData.ShowCard.KIND, (press, d) -> press.answer(null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("routed twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"today", "random", "list", "topics", "noop", "c:y01KGvd9Bw", "o:a-b_c", "l:3", "t:2:LLM", "T:LLM",
            "s:0:трансформеры", "S:1:2kq3x9f0abc"})
    void theWireFormatOfButtonsAlreadyInChatsStillReads(String raw) {
        assertThat(ROUTES.decode(raw)).isPresent();
        assertThat(CallbackData.encode(ROUTES.decode(raw).orElseThrow())).isEqualTo(raw);
    }
}
