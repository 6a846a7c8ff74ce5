package org.paperbot.bot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.TestPapers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.testing.TestPapers.repeat;

class DeepLinkTest {
    /** Telegram's rule for the start parameter of t.me links. */
    static final String TELEGRAM_START_PARAMETER = "[A-Za-z0-9_-]{1,64}";

    @Test
    void everyPaperOfTheShippedCatalogGetsAPlainParameterThatLeadsBackToIt() {
        for (Paper p : TestPapers.realCatalog().papers()) {
            String parameter = DeepLink.parameter(p.id()).orElseThrow();
            assertThat(parameter).isEqualTo("p_" + p.id()).matches(TELEGRAM_START_PARAMETER);
            assertThat(DeepLink.paperId(parameter)).contains(p.id());
        }
    }

    /** Every id the loader accepts ([A-Za-z0-9_-]{1,40}), an arXiv id, and what an importer might bring. */
    @ParameterizedTest
    @ValueSource(strings = {"a", "y01KGvd9Bw", "_-_-", "p_x", "b_x", "0123456789012345678901234567890123456789",
            "2310.12773", "2310.12773v2", "arXiv:2310.12773", "статья-1", "a b"})
    void anyIdFitsTelegramsRulesAndRoundTrips(String id) {
        String parameter = DeepLink.parameter(id).orElseThrow();
        assertThat(parameter).matches(TELEGRAM_START_PARAMETER);
        assertThat(DeepLink.paperId(parameter)).contains(id);
    }

    @Test
    void idsInTelegramsAlphabetGoAsTheyAreAndOthersAsBase64() {
        assertThat(DeepLink.parameter("y01KGvd9Bw")).contains("p_y01KGvd9Bw");
        assertThat(DeepLink.parameter("2310.12773")).contains("b_MjMxMC4xMjc3Mw");
        assertThat(DeepLink.parameter(repeat('x', 62))).contains("p_" + repeat('x', 62));
    }

    @Test
    void anIdNoEncodingFitsGetsNoLink() {
        assertThat(DeepLink.parameter(repeat('x', 63))).isEmpty(); // "p_" + 63 is 65; base64 is longer still
        assertThat(DeepLink.url("paperbot", repeat('x', 63))).isEmpty();
    }

    @Test
    void theUrlNamesTheBotFromGetMe() {
        assertThat(DeepLink.url("paperbot_test_bot", "TyFrPOKYXw")).contains("https://t.me/paperbot_test_bot?start=p_TyFrPOKYXw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "inline", "p_", "b_", "b_!!!", "P_y01KGvd9Bw", "hello"})
    void parametersThatNameNoPaperAreNotPaperLinks(String parameter) {
        assertThat(DeepLink.paperId(parameter)).isEmpty();
    }
}
