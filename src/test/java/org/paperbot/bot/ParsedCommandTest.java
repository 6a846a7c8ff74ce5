package org.paperbot.bot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ParsedCommandTest {
    private static ParsedCommand parse(String text) {
        return ParsedCommand.parse(text).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @Test
    void bareCommand() {
        assertThat(parse("/paper")).isEqualTo(new ParsedCommand("paper", Optional.empty(), ""));
    }

    @Test
    void commandWithArguments() {
        assertThat(parse("/paper 3")).isEqualTo(new ParsedCommand("paper", Optional.empty(), "3"));
    }

    @Test
    void commandAddressedToABotWithArguments() {
        assertThat(parse("/paper@PaperBot y01KGvd9Bw")).isEqualTo(new ParsedCommand("paper", Optional.of("PaperBot"), "y01KGvd9Bw"));
    }

    @Test
    void nameIsLowerCasedAddresseeIsKept() {
        assertThat(parse("/PAPER@Paper_Bot")).isEqualTo(new ParsedCommand("paper", Optional.of("Paper_Bot"), ""));
    }

    @Test
    void argumentsAreStrippedInnerSpacesKept() {
        assertThat(parse("/topic   обучение  в   контексте  ").args()).isEqualTo("обучение  в   контексте");
        assertThat(parse("/topic\u00A0LLM").args()).isEqualTo("LLM");
        assertThat(parse("/paper\n3").args()).isEqualTo("3");
        assertThat(parse("/about\n\nline one\nline two").args()).isEqualTo("line one\nline two");
    }

    @Test
    void surroundingWhitespaceAfterTheSlashIsIgnored() {
        assertThat(parse("/list 2\n")).isEqualTo(new ParsedCommand("list", Optional.empty(), "2"));
    }

    @Test
    void veryLongArgumentsAreKeptWhole() {
        String args = "x".repeat(5000);
        assertThat(parse("/paper " + args).args()).hasSize(5000);
    }

    @Test
    void aRussianCommandNameIsACommandInLowerCase() {
        assertThat(ParsedCommand.parse("/Помощь")).hasValue(new ParsedCommand("помощь", Optional.empty(), ""));
        assertThat(ParsedCommand.parse("/старт@PaperBot p_1")).hasValue(new ParsedCommand("старт", Optional.of("PaperBot"), "p_1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "paper", " /paper", "/", "/ paper", "//paper", "/paper-3", "/paper@", "/paper@bot-name",
            "/a234567890123456789012345678901234"})
    void notACommand(String text) {
        assertThat(ParsedCommand.parse(text)).as(text).isEmpty();
    }

    @Test
    void nullIsNotACommand() {
        assertThat(ParsedCommand.parse(null)).isEmpty();
    }

    @Test
    void thirtyTwoCharacterNamesAreCommands() {
        String name = "a".repeat(32);
        assertThat(parse("/" + name).name()).isEqualTo(name);
    }

    @Test
    void isForThisBotWhenUnaddressedOrAddressedInAnyCase() {
        assertThat(parse("/today").isFor("paperbot_test_bot")).isTrue();
        assertThat(parse("/today@paperbot_test_bot").isFor("paperbot_test_bot")).isTrue();
        assertThat(parse("/today@PaperBot_Test_Bot").isFor("paperbot_test_bot")).isTrue();
        assertThat(parse("/today@paperbot_test_bot").isFor("PAPERBOT_TEST_BOT")).isTrue();
    }

    @Test
    void isNotForThisBotWhenAddressedToAnother() {
        assertThat(parse("/today@otherbot").isFor("paperbot_test_bot")).isFalse();
        assertThat(parse("/today@paperbot_test_bot2").isFor("paperbot_test_bot")).isFalse();
        assertThat(parse("/today@paperbot_test").isFor("paperbot_test_bot")).isFalse();
    }
}
