package org.paperbot.bot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmallTalkTest {
    private final SmallTalk smallTalk = SmallTalk.russian();

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            привет              | GREETING
            Привет!!!           | GREETING
            добрый   день)      | GREETING
            Спасибо большое 🙏   | THANKS
            спс                 | THANKS
            помощь              | HELP
            Help?               | HELP
            что ты умеешь?      | HELP
            start               | START
            Старт               | START
            """)
    void aWholeMessageThatIsAPhraseIsSmallTalk(String text, SmallTalk.Kind kind) {
        assertThat(smallTalk.of(text)).hasValue(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"трансформеры", "привет трансформеры", "help robustness", "safety", "", "!!!"})
    void anythingElseIsASearch(String text) {
        assertThat(smallTalk.of(text)).isEmpty();
    }
}
