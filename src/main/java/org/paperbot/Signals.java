package org.paperbot;

import sun.misc.Signal;

/**
 * SIGTERM / SIGINT as an ordinary event, so that stopping is an orderly shutdown ending with exit code 0
 * (a JVM killed through shutdown hooks alone exits with 143).
 */
final class Signals {
    private Signals() {
    }

    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> action.run());
            } catch (IllegalArgumentException e) {
                // Signal not available on this platform: the shutdown hook still stops the bot.
            }
        }
    }
}
