package org.paperbot.bot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;

/**
 * Per-user flood control with a fixed one-minute window: up to {@code perMinute} actions pass; the first one
 * over the limit is answered with a warning, the rest are ignored until the window ends. Zero turns it off.
 */
public final class FloodGuard {
    public enum Verdict { ALLOW, WARN, IGNORE }

    static final Duration WINDOW = Duration.ofMinutes(1);

    private static final class Window {
        long startNanos;
        int count;
        boolean warned;
    }

    private final int perMinute;
    private final Ticker ticker;
    private final Runnable onRejected;
    private final Cache<Long, Window> windows;

    public FloodGuard(int perMinute, Ticker ticker) {
        this(perMinute, ticker, () -> { });
    }

    /** @param onRejected told of every action over the limit (metrics) */
    public FloodGuard(int perMinute, Ticker ticker, Runnable onRejected) {
        this.perMinute = perMinute;
        this.ticker = ticker;
        this.onRejected = onRejected;
        this.windows = Caffeine.newBuilder()
                .maximumSize(200_000)
                .expireAfterAccess(WINDOW.multipliedBy(2))
                .ticker(ticker)
                .build();
    }

    public Verdict check(long userId) {
        if (perMinute <= 0) {
            return Verdict.ALLOW;
        }
        long now = ticker.read();
        Window w = windows.get(userId, id -> new Window());
        synchronized (w) {
            if (w.count == 0 || now - w.startNanos >= WINDOW.toNanos()) {
                w.startNanos = now;
                w.count = 0;
                w.warned = false;
            }
            w.count++;
            if (w.count <= perMinute) {
                return Verdict.ALLOW;
            }
            onRejected.run();
            if (!w.warned) {
                w.warned = true;
                return Verdict.WARN;
            }
            return Verdict.IGNORE;
        }
    }
}
