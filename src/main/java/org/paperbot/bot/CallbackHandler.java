package org.paperbot.bot;

import org.paperbot.daily.ChatCalendar;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.List;
import java.util.Optional;

import static org.paperbot.bot.Command.Who.GROUP_ADMINS;

/**
 * Button presses. Every query is answered (first, so the client's spinner stops at once); buttons that no
 * longer make sense (an old catalog, a removed paper) get a short explanation instead of an error.
 */
public final class CallbackHandler {
    private final Texts texts;
    private final ButtonRoutes routes;

    public CallbackHandler(Screens screens, ChatCalendar calendar, DeliverySettingsCommands delivery,
                           ReaderButtons reader) {
        this.texts = screens.texts();
        CardScreens cards = screens.cards();
        ListScreens lists = screens.lists();
        SearchScreens search = screens.search();
        DailyScreens daily = screens.daily();
        String dailyHeader = daily.headerStart();
        this.routes = reader.routes(ButtonRoutes.builder())
                .on(CallbackData.ShowCard.KIND, (press, d) -> press.catalog().byId(d.paperId())
                        .map(p -> keepDaily(press, dailyHeader, cards.card(press.catalog(), p)))
                        .orElseGet(() -> press.answer(texts.get("callback.paperGone"))))
                .on(CallbackData.OpenCard.KIND, (press, d) -> press.catalog().byId(d.paperId())
                        .map(p -> press.send(cards.card(press.catalog(), p)))
                        .orElseGet(() -> press.answer(texts.get("callback.paperGone"))))
                .on(CallbackData.ListPage.KIND, (press, d) -> keepDaily(press, dailyHeader, lists.listPage(press.catalog(), d.page())))
                .on(CallbackData.TopicPage.KIND, (press, d) -> lists.topicPage(press.catalog(), d.topic(), d.page())
                        .map(press::show)
                        .orElseGet(() -> press.answer(texts.get("callback.stale"))))
                .on(CallbackData.OpenTopic.KIND, (press, d) -> lists.topicPage(press.catalog(), d.topic(), 0)
                        .map(press::send)
                        .orElseGet(() -> press.answer(texts.get("callback.stale"))))
                .on(CallbackData.SearchPage.KIND, (press, d) -> press.show(search.searchPage(press.snapshot(), d.query(), d.page())))
                .on(CallbackData.SearchByKey.KIND, (press, d) -> search.searchPageByKey(press.snapshot(), d.key(), d.page())
                        .map(press::show)
                        .orElseGet(() -> press.answer(texts.get("callback.searchExpired"))))
                .on(CallbackData.Today.KIND, (press, d) -> press.send(daily.ofDate(press.catalog(), calendar.today(press.chatId()))))
                .on(CallbackData.RandomPaper.KIND, (press, d) -> press.send(cards.random(press.catalog())))
                .on(CallbackData.OpenList.KIND, (press, d) -> press.send(lists.listPage(press.catalog(), 0)))
                .on(CallbackData.Topics.KIND, (press, d) -> press.send(lists.topics(press.catalog())))
                .on(CallbackData.Similar.KIND, (press, d) -> press.catalog().byId(d.paperId())
                        .map(p -> press.send(search.similar(press.snapshot(), p)))
                        .orElseGet(() -> press.answer(texts.get("callback.paperGone"))))
                .on(CallbackData.Noop.KIND, (press, d) -> press.answer(null))
                // Anyone may look at a group's settings; only its admins change them (as with the commands).
                .on(CallbackData.OpenSettings.KIND, (press, d) -> delivery.open(press))
                .on(CallbackData.ChangeSettings.KIND, GROUP_ADMINS, delivery::change)
                .on(CallbackData.ChooseTime.KIND, GROUP_ADMINS, delivery::chooseTime)
                .on(CallbackData.Unsubscribe.KIND, GROUP_ADMINS, (press, d) -> delivery.unsubscribe(press))
                .on(CallbackData.Resubscribe.KIND, GROUP_ADMINS, (press, d) -> delivery.resubscribe(press))
                .build();
    }

    /** Who may press the button of {@code query}, as its route declares; empty if its data does not read. */
    public Optional<Command.Who> who(CallbackQuery query) {
        return routes.who(query.getData());
    }

    /**
     * Shows {@code view} in place of the pressed message, unless that message is a daily card: those sent before
     * the daily card lost its ◀️ ▶️ still carry them, and the daily card stays the daily card (in a group, one
     * member must not flip it for everyone), so the view goes into a new message.
     */
    private static List<BotApiMethod<?>> keepDaily(ButtonPress press, String dailyHeader, View view) {
        boolean daily = press.query().getMessage() instanceof Message m && m.getText() != null
                && m.getText().startsWith(dailyHeader);
        return daily ? press.send(view) : press.show(view);
    }

    /** The route table, whose decoding the tests check. */
    ButtonRoutes routes() {
        return routes;
    }

    public List<BotApiMethod<?>> handle(Snapshot snapshot, CallbackQuery query) {
        MaybeInaccessibleMessage message = query.getMessage();
        if (message == null || message.getChatId() == null) {
            // A button under a message sent in inline mode: nothing to edit from here.
            boolean reads = routes.decode(query.getData()).isPresent();
            return List.of(Replies.answer(query.getId(), reads ? null : texts.get("callback.stale")));
        }
        // An inaccessible (very old) message cannot be edited, so such presses open a new message instead.
        Integer editable = message.getDate() != null && message.getDate() != 0 ? message.getMessageId() : null;
        ButtonPress press = new ButtonPress(snapshot, query, message.getChatId(), editable);
        return routes.handle(press).orElseGet(() -> press.answer(texts.get("callback.stale")));
    }
}
