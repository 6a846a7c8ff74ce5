package org.paperbot.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '  Трансформеры  '             | трансформеры
            'Ёмкость ЗАПОМИНАНИЯ'          | емкость запоминания
            'safe   \t RLHF\n'             | safe rlhf
            'DreamLLM'                     | dreamllm
            '#Обучение_в_контексте'        | #обучение_в_контексте
            ''                             | ''
            """)
    void stripsCollapsesLowerCasesAndFoldsYo(String raw, String expected) {
        assertThat(SearchIndex.normalize(raw)).isEqualTo(expected);
    }

    @Test
    void nullIsEmpty() {
        assertThat(SearchIndex.normalize(null)).isEmpty();
    }

    @Test
    void unicodeSpacesAndControlCharactersAreWhitespace() {
        assertThat(SearchIndex.normalize("\u00A0a\u2003\u3000b\u0000c\u0085")).isEqualTo("a b c");
    }

    @Test
    void invisibleFormatCharactersAreRemoved() {
        assertThat(SearchIndex.normalize("\uFEFFтранс\u200Bфор\u200Dмер\u00AD\u200F")).isEqualTo("трансформер");
    }

    @Test
    void cutTo256Characters() {
        assertThat(SearchIndex.normalize("ab ".repeat(200))).hasSizeLessThanOrEqualTo(SearchIndex.MAX_QUERY_LENGTH)
                .doesNotEndWith(" ");
        assertThat(SearchIndex.normalize("x".repeat(1000))).isEqualTo("x".repeat(256));
    }

    @Test
    void neverCutsASurrogatePairInHalf() {
        String s = SearchIndex.normalize("a".repeat(255) + "😀😀");

        assertThat(s).isEqualTo("a".repeat(255));
        assertThat(Character.isHighSurrogate(s.charAt(s.length() - 1))).isFalse();
    }

    @Test
    void sameKeyForQueriesThatDifferOnlyInCaseSpacingAndYo() {
        assertThat(SearchIndex.normalize("  Ёмкость\u00A0 Запоминания "))
                .isEqualTo(SearchIndex.normalize("емкость запоминания"));
    }
}
