package org.paperbot.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SpellingsTest {
    private final Spellings spellings = new Spellings();

    @ParameterizedTest
    @CsvSource({"nhfycajhvths, трансформеры", "ghbdtn, привет", "ыщаеьфч, softmax", "k;bdst, лживые"})
    void theOtherKeyboardLayoutBothWays(String typed, String meant) {
        assertThat(Spellings.otherLayout(typed)).isEqualTo(meant);
    }

    @Test
    void aWordWithCharactersOnNeitherLayoutHasNoOtherLayout() {
        assertThat(Spellings.otherLayout("ümlaut")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"альпака, alpaka", "трансформеры, transformery", "бенжио, benzhio", "щука, shchuka"})
    void cyrillicIsTransliteratedToAscii(String cyrillic, String latin) {
        assertThat(spellings.latin(cyrillic)).isEqualTo(latin);
    }

    @Test
    void latinIsTransliteratedToCyrillic() {
        assertThat(spellings.otherScript("transformery")).isEqualTo("трансформеры");
    }

    @ParameterizedTest
    @CsvSource({"пиноккио, pinocchio", "бенжио, bengio", "альпака, alpaca", "викуна, vicuna", "гфлоунет, gflownet"})
    void aNameInCyrillicSoundsLikeItsLatinOriginal(String cyrillic, String latin) {
        assertThat(Spellings.skeleton(spellings.latin(cyrillic))).isEqualTo(Spellings.skeleton(latin));
    }

    @ParameterizedTest
    @CsvSource({"бенжио, benchmark", "викуна, vector", "альпака, alpha"})
    void differentWordsDoNotSoundAlike(String cyrillic, String latin) {
        assertThat(Spellings.skeleton(spellings.latin(cyrillic))).isNotEqualTo(Spellings.skeleton(latin));
    }
}
