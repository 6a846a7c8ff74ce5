package org.paperbot.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * What was logged during one test, at the root logger: {@code @RegisterExtension final LogCapture logs = new
 * LogCapture();}, then {@code assertThat(logs.errors()).isEmpty()}. Failures the code survives on purpose (a search
 * that breaks inside answers "nothing found", a handler that throws gets an apology) are logged at ERROR, so a test
 * that asserts no errors sees them.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
    }

    /** Every event so far (the bot's threads may still be logging: this is a copy). */
    public List<ILoggingEvent> events() {
        // AppenderBase.doAppend adds under the appender's monitor.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** ERROR events, each as its message and the exception it carried, if any. */
    public List<String> errors() {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : " " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()))
                .toList();
    }

    /** The formatted messages of all events, in order. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
