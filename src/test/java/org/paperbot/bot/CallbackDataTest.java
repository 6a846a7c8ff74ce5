package org.paperbot.bot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.TestPapers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackDataTest {
    /** The longest topic the catalog loader accepts: 28 Cyrillic letters (56 bytes). */
    static final String LONGEST_TOPIC = "ж".repeat(28);
    static final String LONGEST_ID = "I".repeat(40);

    static List<CallbackData> examples() {
        return List.of(
                new CallbackData.ShowCard("y01KGvd9Bw"), new CallbackData.ShowCard(LONGEST_ID),
                new CallbackData.OpenCard("MrR3rMxqqv"), new CallbackData.OpenCard("a-b_c"),
                new CallbackData.ListPage(0), new CallbackData.ListPage(7), new CallbackData.ListPage(999_999),
                new CallbackData.TopicPage("LLM", 0), new CallbackData.TopicPage("обучение_в_контексте", 12),
                new CallbackData.TopicPage(LONGEST_TOPIC, 9999),
                new CallbackData.OpenTopic("LLM"), new CallbackData.OpenTopic(LONGEST_TOPIC),
                new CallbackData.Today(), new CallbackData.RandomPaper(), new CallbackData.OpenList(),
                new CallbackData.Topics(), new CallbackData.Noop());
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void everyVariantRoundTripsAndFitsSixtyFourBytes() {
        for (CallbackData d : examples()) {
            String encoded = CallbackData.encode(d);
            assertThat(bytes(encoded)).as(encoded).isBetween(1, CallbackData.MAX_BYTES);
            assertThat(CallbackData.decode(encoded)).as(encoded).contains(d);
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
            assertThat(CallbackData.decode(encoded)).contains(d);
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
            "today ", " today", "Noop", "q:1", "list:2"})
    void garbageIsRejected(String raw) {
        assertThat(CallbackData.decode(raw)).as(raw).isEmpty();
    }

    @Test
    void nullAndOverLongDataAreRejected() {
        assertThat(CallbackData.decode(null)).isEmpty();
        assertThat(CallbackData.decode("c:" + "x".repeat(63))).isEmpty();
        assertThat(CallbackData.decode("T:" + "ж".repeat(32))).isEmpty();
        assertThat(CallbackData.decode("c:" + "x".repeat(62))).contains(new CallbackData.ShowCard("x".repeat(62)));
    }

    @Test
    void pageNumbersAreDecimal() {
        assertThat(CallbackData.decode("l:007")).contains(new CallbackData.ListPage(7));
        assertThat(CallbackData.decode("t:999999:LLM")).contains(new CallbackData.TopicPage("LLM", 999_999));
    }

    @Test
    void decodedIdsAreTakenVerbatim() {
        // Unknown ids decode fine; the handler then answers that the paper is gone.
        assertThat(CallbackData.decode("c:GoneForever")).isEqualTo(Optional.of(new CallbackData.ShowCard("GoneForever")));
        assertThat(CallbackData.decode("t:0:a:b")).contains(new CallbackData.TopicPage("a:b", 0));
    }
}
