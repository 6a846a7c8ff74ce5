package org.paperbot.curate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RussianLintTest {
    private final RussianLint lint = new RussianLint();

    @Test
    void cleanRussianTypographyHasNoFindings() {
        assertThat(lint.check("Метод «DreamLLM» улучшает точность на 5\u00a0% — по словам авторов, в GPT-4 тоже.")).isEmpty();
    }

    @Test
    void straightQuotesInRussianTextAreFound() {
        assertThat(lint.check("Модель \"думает\" вслух")).containsExactly("straight quotes \"…\": use «ёлочки»");
        assertThat(lint.check("The \"quoted\" English title")).as("English text keeps its quotes").isEmpty();
    }

    @Test
    void aPercentSignWithoutANonBreakingSpaceIsFound() {
        assertThat(lint.check("выросла на 5% и на 7 %")).containsExactly(
                "'5%': put a non-breaking space (U+00A0) between the number and %",
                "'7 %': put a non-breaking space (U+00A0) between the number and %");
    }

    @Test
    void latinLookAlikesInsideCyrillicWordsAndTheReverseAreFound() {
        assertThat(lint.check("задaча")).containsExactly("'задaча' mixes Latin and Cyrillic letters (Latin a at 4)");
        assertThat(lint.check("LLМ")).containsExactly("'LLМ' mixes Latin and Cyrillic letters (Cyrillic М at 3)");
        assertThat(lint.check("GPT-модель")).as("a hyphen separates words").isEmpty();
    }
}
