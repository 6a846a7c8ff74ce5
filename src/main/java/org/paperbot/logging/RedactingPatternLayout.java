package org.paperbot.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** The usual pattern layout, with bot tokens removed from the whole line, stack trace included (see {@link Redactor}). */
public class RedactingPatternLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return Redactor.of(getContext()).redact(super.doLayout(event));
    }
}
