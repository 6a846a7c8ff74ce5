package org.paperbot.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.TelegramGateway;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The bot's counters and timers, exposed in Prometheus text format on /metrics. Meter names are part of the
 * operations contract (dashboards, alerts): paperbot_updates_total{type}, paperbot_api_calls_total{method},
 * paperbot_api_errors_total{method,code,kind}, paperbot_inline_answer_seconds, paperbot_update_seconds,
 * paperbot_updates_in_flight, paperbot_replies_total, paperbot_broadcast_planned / _sent / _failed (the running or
 * last broadcast), paperbot_flood_rejected_total{kind}, paperbot_outbox_pending, paperbot_outbox_parked_chats,
 * paperbot_outbox_coalesced_total, paperbot_outbox_dropped_total, paperbot_outbox_given_up_total,
 * paperbot_updates_dropped_total{reason}.
 */
public final class Metrics implements TelegramGateway.ApiListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer inlineAnswers;
    private final Timer updates;

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        inlineAnswers = Timer.builder("paperbot_inline_answer").description("From inline query to answerInlineQuery done")
                .publishPercentiles(0.5, 0.99).register(registry);
        updates = Timer.builder("paperbot_update").description("Handling one update, replies included")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void update(String type) {
        registry.counter("paperbot_updates_total", "type", type).increment();
    }

    public void updateHandled(Duration took, boolean inline) {
        updates.record(took);
        if (inline) {
            inlineAnswers.record(took);
        }
    }

    /** Bot API calls made to answer updates (messages, edits, callback and inline answers). */
    public void replies(int count) {
        registry.counter("paperbot_replies_total").increment(count);
    }

    public void floodRejected(String kind) {
        registry.counter("paperbot_flood_rejected_total", "kind", kind).increment();
    }

    /** An update dropped unhandled, e.g. {@code chat_backlog}: its chat had too many waiting. */
    public void updateDropped(String reason) {
        registry.counter("paperbot_updates_dropped_total", "reason", reason).increment();
    }

    /** A gauge read from {@code value}; held strongly (Micrometer's shorthand keeps only a weak reference). */
    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).strongReference(true).register(registry);
    }

    /**
     * A counter that {@code source} keeps, read at each scrape. Micrometer holds {@code source} weakly: it must
     * live as long as the bot (the outbox does).
     */
    public <T> void counter(String name, T source, ToDoubleFunction<T> total) {
        FunctionCounter.builder(name, source, total).register(registry);
    }


    @Override
    public void onCall(String method, ApiError error) {
        String m = method.toLowerCase(Locale.ROOT);
        registry.counter("paperbot_api_calls_total", "method", m).increment();
        if (error != null) {
            registry.counter("paperbot_api_errors_total", "method", m, "code", String.valueOf(error.code()),
                    "kind", error.kind().name().toLowerCase(Locale.ROOT)).increment();
        }
    }

    public String scrape() {
        return registry.scrape();
    }
}
