package org.paperbot.telegram;

import java.time.Duration;

/** Waiting, made replaceable so retry logic is tested without real sleeps. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
