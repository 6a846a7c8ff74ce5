package org.paperbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.charset.StandardCharsets;

/** Applies the configured log format and level on top of logback.xml, and routes java.util.logging to it. */
public final class Logging {
    static final String APPENDER = "STDERR";

    private Logging() {
    }

    public static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Turns a logger off, e.g. a library that reports an expected, deliberate interruption as an error. */
    public static void silence(String loggerName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(loggerName).setLevel(Level.OFF);
        }
    }

    /**
     * From now on every log line also has {@code token} masked as written (and its secret half alone), whatever
     * its shape; token-shaped text is masked from the start anyway. Call it as soon as the token is read.
     */
    public static void redactSecret(String token) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Redactor.register(context, token);
        }
    }

    public static void configure(boolean json, String level) {
        configure((LoggerContext) LoggerFactory.getILoggerFactory(), json, level);
    }

    static void configure(LoggerContext context, boolean json, String level) {
        Level chosen = Level.toLevel(level, Level.INFO);
        context.getLogger("org.paperbot").setLevel(chosen);
        if (chosen.toInt() < Level.INFO_INT) {
            // Debugging: libraries (TelegramBots, OkHttp) become verbose too. Tokens are still redacted.
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(chosen);
            context.getLogger("org.telegram").setLevel(chosen);
            context.getLogger("okhttp3").setLevel(chosen);
        }
        if (!json) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Layout<ILoggingEvent> layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setEncoder(utf8(context, layout));
        appender.start();
        var old = root.getAppender(APPENDER);
        root.addAppender(appender);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
    }

    /** An encoder writing {@code layout}'s lines in UTF-8, as logback.xml configures the text layout. */
    static LayoutWrappingEncoder<ILoggingEvent> utf8(LoggerContext context, Layout<ILoggingEvent> layout) {
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
