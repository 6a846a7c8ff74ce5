package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.Eventually;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.FakeRateLimits;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telegram's per-chat limits through the whole bot: the fake Bot API enforces them, answering 429 with
 * retry_after as Telegram does, while groups flood the bot with commands.
 */
class ChatLimitsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> CARD_STARTS = BotFixture.cardStarts();

    @TempDir
    Path dataDir;

    private static double metric(RunningBot bot, String name) throws Exception {
        String body = OperationsTest.get(bot.bot().httpPort(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The sum of a labelled counter over its labels (0 before it was first counted). */
    private static double labelled(RunningBot bot, String name) throws Exception {
        String body = OperationsTest.get(bot.bot().httpPort(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.E+]+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static List<Call> messagesTo(FakeBotApi api, long chat) {
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == chat).toList();
    }

    /** Which of the commands "/paper 1" … "/paper 8" a card answers (0-based), or -1. */
    private static int paperOf(Call reply) {
        for (int i = 0; i < CARD_STARTS.size(); i++) {
            if (reply.text().startsWith(CARD_STARTS.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aGroupFloodedWithTodayGetsOneCardWithoutA429AndAQuietChatIsAnsweredMeanwhile() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            FakeRateLimits telegram = FakeRateLimits.telegram(System::nanoTime);
            api.enforce(telegram);
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(OperationsTest.freePort()));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            // The router's flood guard would answer only the group's first 20 commands of the minute: off, so that
            // everything reaches the outbox, which is what is tested here.
            env.put("PAPERBOT_FLOOD_COMMANDS", "0");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                long group = -100_777;
                for (long member = 1; member <= 30; member++) {
                    api.push(Updates.groupText(group, member, "/today"));
                }
                for (int n = 1; n <= 8; n++) {
                    api.push(Updates.groupText(group, 100 + n, "/paper " + n));
                }
                long quiet = 555;
                api.push(Updates.privateText(quiet, "/start"));
                Call quietReply = api.await("sendMessage", c -> c.chatId() == quiet, WAIT);
                Eventually.until("the group's nine answers", WAIT, () -> messagesTo(api, group).size() == 9);

                List<Call> toGroup = messagesTo(api, group);
                assertThat(toGroup.get(0).text()).as("first the card of the day, once").contains("Статья дня");
                assertThat(toGroup.subList(1, 9)).extracting(ChatLimitsEndToEndTest::paperOf)
                        .as("then the papers, in the order asked").containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
                assertThat(quietReply.atNanos()).as("the quiet chat did not wait for the group's backlog")
                        .isLessThan(toGroup.get(8).atNanos());
                assertThat(telegram.refusals()).as("429s").isEmpty();
                assertThat(telegram.mostWithin(group, Duration.ofMinutes(1))).isLessThanOrEqualTo(20);
                // A repeat is either merged in the outbox or, when more than 20 wait in the chat, dropped before it is
                // handled; either way it is not sent.
                assertThat(metric(bot, "paperbot_outbox_coalesced_total") + labelled(bot, "paperbot_updates_dropped_total"))
                        .as("29 repeated cards not sent").isEqualTo(29.0);
                Eventually.until("an empty outbox", WAIT, () -> {
                    try {
                        return metric(bot, "paperbot_outbox_pending") == 0.0;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
    }

    @Test
    void everyRefusalIsFollowedBySilenceInThatChatUntilItsRetryAfterWhileOtherChatsGoOn() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            // Stricter than Telegram (and than the bot's own limits): the bot will be refused, and must listen.
            FakeRateLimits strict = new FakeRateLimits(Duration.ofSeconds(2), 1, 3, Duration.ofSeconds(4), System::nanoTime);
            api.enforce(strict);
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(OperationsTest.freePort()));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                long group = -100_888;
                long user = 321;
                for (int n = 1; n <= 8; n++) {
                    api.push(Updates.groupText(group, 100 + n, "/paper " + n));
                }
                for (int n = 1; n <= 3; n++) {
                    api.push(Updates.privateText(user, "/paper " + n));
                }
                Eventually.until("a 429 to the group", WAIT, () -> strict.refusals().stream().anyMatch(r -> r.chatId() == group));
                FakeRateLimits.Refusal refusal = strict.refusals().stream().filter(r -> r.chatId() == group).findFirst().orElseThrow();
                long bystander = 654;
                api.push(Updates.privateText(bystander, "/help"));
                Call served = api.await("sendMessage", c -> c.chatId() == bystander, WAIT);
                // A worker's slot goes back when its replies are handed to the outbox: while the group is parked,
                // nothing is in flight.
                boolean idleWhileParked = false;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    boolean resumed = messagesTo(api, group).stream().anyMatch(c -> c.atNanos() > refusal.atNanos());
                    if (resumed || metric(bot, "paperbot_updates_in_flight") == 0.0) {
                        idleWhileParked = !resumed;
                        break;
                    }
                    Thread.onSpinWait();
                }
                assertThat(idleWhileParked).as("no update is held while its chat waits out a 429").isTrue();

                Eventually.until("every card, in the end", WAIT, () ->
                        messagesTo(api, group).stream().filter(c -> paperOf(c) >= 0).map(Call::text).distinct().count() == 8
                                && messagesTo(api, user).stream().map(Call::text).distinct().count() == 3);

                assertThat(strict.ignoredRetryAfters()).as("requests inside a retry_after").isZero();
                assertThat(labelled(bot, "paperbot_api_errors_total")).as("each 429 reached the bot, and nothing else failed")
                        .isEqualTo(strict.refusals().size());
                assertThat(strict.refusals()).extracting(FakeRateLimits.Refusal::chatId).contains(group, user);
                Call nextToGroup = messagesTo(api, group).stream().filter(c -> c.atNanos() > refusal.atNanos()).findFirst().orElseThrow();
                assertThat(nextToGroup.atNanos() - refusal.atNanos()).as("the group is silent for its retry_after")
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(refusal.retryAfterSeconds()).toNanos());
                assertThat(served.atNanos()).as("no worker is held while the group waits out its 429: a bystander is answered meanwhile")
                        .isLessThan(nextToGroup.atNanos());
                List<Integer> order = new ArrayList<>();
                for (Call c : messagesTo(api, group)) {
                    if (order.isEmpty() || order.get(order.size() - 1) != paperOf(c)) {
                        order.add(paperOf(c)); // a refused card is sent again: counted once
                    }
                }
                assertThat(order).as("the group's cards in the order asked").containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            }
        }
    }
}
