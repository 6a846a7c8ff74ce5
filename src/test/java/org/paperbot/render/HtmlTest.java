package org.paperbot.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.BotApiLimits;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {
    static final String HOSTILE = "<script>alert(1)</script> & \"x\" 'y' &amp; &lt;b&gt; </b> <a href=\"javascript:x\">";

    @Test
    void escapeReplacesTheFourSpecialCharacters() {
        assertThat(Html.escape("<>&\"")).isEqualTo("&lt;&gt;&amp;&quot;");
        assertThat(Html.escape("a < b && c > \"d\"")).isEqualTo("a &lt; b &amp;&amp; c &gt; &quot;d&quot;");
    }

    @Test
    void escapeLeavesEverythingElseAlone() {
        String plain = "Обычный текст, 'кавычки', эмодзи 📚, NBSP\u00A0%, переводы\nстрок";
        assertThat(Html.escape(plain)).isEqualTo(plain);
        assertThat(Html.escape("")).isEmpty();
    }

    @Test
    void escapingTwiceEscapesTheEntities() {
        assertThat(Html.escape(Html.escape("&"))).isEqualTo("&amp;amp;");
    }

    @Test
    void escapedHostileTextIsValidTelegramHtmlAndReadsBackUnchanged() {
        String html = Html.escape(HOSTILE);
        assertThat(html).doesNotContain("<", ">", "\"");
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        assertThat(Html.toPlain(html)).isEqualTo(HOSTILE);
    }

    @Test
    void boldAndItalicEscapeTheirContent() {
        assertThat(Html.bold("a<b")).isEqualTo("<b>a&lt;b</b>");
        assertThat(Html.italic("\"q\" & r")).isEqualTo("<i>&quot;q&quot; &amp; r</i>");
        assertThat(BotApiLimits.validateHtml(Html.bold(HOSTILE) + Html.italic(HOSTILE))).isEmpty();
    }

    @Test
    void toPlainRemovesTagsAndDecodesEntities() {
        assertThat(Html.toPlain("<b>Жирный</b> и <i>курсив</i>: <a href=\"https://x.org/?a&amp;b\">ссылка</a>"))
                .isEqualTo("Жирный и курсив: ссылка");
        assertThat(Html.toPlain("&lt;&gt;&amp;&quot;")).isEqualTo("<>&\"");
        assertThat(Html.toPlain("&#65;&#x42;&#x430;")).isEqualTo("ABа");
        assertThat(Html.toPlain("&#x1F4DA;")).isEqualTo("📚").hasSize(2);
        assertThat(Html.toPlain("&#128218;")).isEqualTo("📚");
    }

    @Test
    void toPlainDecodesOnlyOnce() {
        assertThat(Html.toPlain("&amp;lt;b&amp;gt;")).isEqualTo("&lt;b&gt;");
    }

    @Test
    void toPlainLeavesUnknownEntitiesAndLoneAmpersands() {
        assertThat(Html.toPlain("&nbsp; & &amp")).isEqualTo("&nbsp; & &amp");
    }

    @Test
    void visibleLengthCountsUtf16UnitsAfterParsing() {
        assertThat(Html.visibleLength("<b>ab</b>&amp;")).isEqualTo(3);
        assertThat(Html.visibleLength("📚")).isEqualTo(2);
        assertThat(Html.visibleLength("")).isZero();
    }

    @Test
    void shortenKeepsTextThatFits() {
        assertThat(Html.shorten("короткий", 8)).isEqualTo("короткий");
        assertThat(Html.shorten("короткий", 100)).isEqualTo("короткий");
        assertThat(Html.shorten("", 0)).isEmpty();
    }

    @Test
    void shortenCutsAtAWordBoundaryAndAddsAnEllipsis() {
        String text = "Одна два три четыре пять";
        String s = Html.shorten(text, 15);
        assertThat(s).isEqualTo("Одна два три…");
        assertThat(s.length()).isLessThanOrEqualTo(15);
    }

    @Test
    void shortenCutsInsideALongWordWhenNoSpaceIsNearTheEnd() {
        assertThat(Html.shorten("abcdefghijklmnop", 6)).isEqualTo("abcde…");
        // The only space is in the first half: cutting there would lose too much.
        assertThat(Html.shorten("a bcdefghijklmnop", 10)).isEqualTo("a bcdefgh…");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void shortenToAlmostNothingIsAnEllipsis(int max) {
        assertThat(Html.shorten("два слова", max)).isEqualTo("…");
    }

    @Test
    void shortenNeverExceedsTheLimitNorSplitsASurrogatePair() {
        List<String> texts = List.of(
                "📚📚📚📚📚📚📚📚📚📚",
                "a📚b📚c📚d📚 e📚 f📚 g📚",
                "Статья 📚 про LLM 🤖 и RLHF 🛡️ с цифрами +16 %",
                "x".repeat(50) + "😀".repeat(30));
        for (String text : texts) {
            for (int max = 1; max <= text.length() + 1; max++) {
                String s = Html.shorten(text, max);
                assertThat(s.length()).as("max %d of %s", max, text).isLessThanOrEqualTo(Math.max(1, max));
                assertThat(hasLoneSurrogate(s)).as("'%s' (max %d) splits a pair", s, max).isFalse();
                if (text.length() > max) {
                    assertThat(s).endsWith("…");
                    String kept = s.substring(0, s.length() - 1);
                    assertThat(text).startsWith(kept);
                } else {
                    assertThat(s).isEqualTo(text);
                }
            }
        }
    }

    @Test
    void shortenDropsTheWholeEmojiAtTheCut() {
        // "ab" + 📚 (2 units) + "cd": a cut after 3 units would split the emoji.
        assertThat(Html.shorten("ab📚cd", 4)).isEqualTo("ab…");
        assertThat(Html.shorten("ab📚cd", 5)).isEqualTo("ab📚…");
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))) {
                return true;
            }
            if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void outOfRangeNumericEntitiesStayAsWritten() {
        assertThat(Html.toPlain("a &#99999999; b &#x110000; c &#1078;")).isEqualTo("a &#99999999; b &#x110000; c ж");
    }
}
