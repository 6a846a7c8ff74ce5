package org.paperbot.ops;

/**
 * One check behind {@code /healthz}. Answers with a reason rather than a yes/no, so that a 503 tells the operator
 * what to fix ("starting: waiting for Telegram (getMe): …", "telegram unreachable: …") instead of only which
 * check failed.
 */
@FunctionalInterface
public interface HealthCheck {
    /** Null when healthy, otherwise a short reason; evaluated on every {@code /healthz} request. */
    String problem();
}
