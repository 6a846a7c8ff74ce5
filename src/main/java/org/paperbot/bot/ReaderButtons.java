package org.paperbot.bot;

import org.paperbot.catalog.Paper;
import org.paperbot.render.Texts;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.ReaderStores;
import org.paperbot.store.VoteStore;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The readers' buttons: ⭐ saves or unsaves for the presser, 👍 / 👎 vote (the same button again takes the vote back),
 * ✏️ asks for a note in the private chat, and the buttons of /saved and /following. Saved papers and votes belong to
 * the presser wherever they press; in their private chat the card's buttons are relabelled to show the new state,
 * while a group's card keeps its neutral labels (it is everyone's) and only the presser's toast says what happened.
 */
public final class ReaderButtons {
    private final ReaderScreens screens;
    private final ReaderStores stores;
    private final Texts texts;

    public ReaderButtons(ReaderScreens screens, ReaderStores stores) {
        this.screens = screens;
        this.stores = stores;
        this.texts = screens.texts();
    }

    /** Adds the readers' button kinds to the route table. */
    ButtonRoutes.Builder routes(ButtonRoutes.Builder routes) {
        return routes
                .on(CallbackData.SavePaper.KIND, (press, d) -> onPaper(press, d.paperId(), p -> {
                    boolean saved = stores.saved().toggle(press.query().getFrom().getId(), p.id(), press.query().getId());
                    return relabelled(press, texts.get(saved ? "saved.toast.on" : "saved.toast.off"));
                }))
                .on(CallbackData.VoteUp.KIND, (press, d) -> onPaper(press, d.paperId(), p -> vote(press, p, VoteStore.UP)))
                .on(CallbackData.VoteDown.KIND, (press, d) -> onPaper(press, d.paperId(), p -> vote(press, p, VoteStore.DOWN)))
                .on(CallbackData.NoteAbout.KIND, (press, d) -> onPaper(press, d.paperId(), p -> {
                    if (!press.inPrivateChat()) {
                        return press.answer(texts.get("note.privateOnly"));
                    }
                    stores.feedback().await(press.chatId(), p.id());
                    return press.send(screens.notePrompt(p, ReaderCommands.NOTE_MAX_LENGTH,
                            (int) ReaderCommands.NOTE_WAIT.toMinutes()));
                }))
                .on(CallbackData.NoteCancel.KIND, (press, d) -> press.show(View.text(texts.get(
                        stores.feedback().cancel(press.chatId()) ? "note.cancelled" : "note.nothingToCancel"))))
                .on(CallbackData.SavedPage.KIND, (press, d) -> press.inPrivateChat()
                        ? press.show(screens.saved(press.catalog(), stores.saved().list(press.chatId()), d.page()))
                        : press.answer(texts.get("callback.stale")))
                .on(CallbackData.SavedRemove.KIND, (press, d) -> {
                    if (!press.inPrivateChat()) {
                        return press.answer(texts.get("callback.stale"));
                    }
                    boolean removed = stores.saved().remove(press.chatId(), d.paperId());
                    return press.show(screens.saved(press.catalog(), stores.saved().list(press.chatId()), d.page()),
                            removed ? texts.get("saved.toast.off") : null);
                })
                .on(CallbackData.Unfollow.KIND, (press, d) -> {
                    // In groups /following has no buttons: only the group's admins may unfollow, with /unfollow.
                    Optional<Follow> follow = FollowCodes.decode(d.follow());
                    if (!press.inPrivateChat() || follow.isEmpty()) {
                        return press.answer(texts.get("callback.stale"));
                    }
                    boolean removed = stores.follows().remove(press.chatId(), follow.get().kind(), follow.get().key());
                    return press.show(screens.follows(stores.follows().list(press.chatId()), ReaderCommands.MAX_FOLLOWS),
                            removed ? texts.get("follow.toast.removed") : null);
                });
    }

    private interface OnPaper {
        List<BotApiMethod<?>> handle(Paper paper);
    }

    /** Presses about a paper need the paper still in the catalog, and a real presser. */
    private List<BotApiMethod<?>> onPaper(ButtonPress press, String paperId, OnPaper handle) {
        if (press.query().getFrom() == null) {
            return press.answer(texts.get("callback.stale"));
        }
        return press.catalog().byId(paperId).map(handle::handle).orElseGet(() -> press.answer(texts.get("callback.paperGone")));
    }

    private List<BotApiMethod<?>> vote(ButtonPress press, Paper paper, int vote) {
        int now = stores.votes().press(press.query().getFrom().getId(), paper.id(), vote, press.query().getId());
        return relabelled(press, texts.get(now == VoteStore.UP ? "vote.toast.up"
                : now == VoteStore.DOWN ? "vote.toast.down" : "vote.toast.removed"));
    }

    /**
     * The toast, and in a private chat the pressed message's keyboard with the reader row showing the presser's marks
     * (the rest of the keyboard as it was, whatever card it is under).
     */
    private List<BotApiMethod<?>> relabelled(ButtonPress press, String toast) {
        List<BotApiMethod<?>> out = new ArrayList<>(press.answer(toast));
        if (press.inPrivateChat() && press.editable() != null && press.query().getMessage() instanceof Message message
                && message.getReplyMarkup() != null) {
            long user = press.query().getFrom().getId();
            InlineKeyboardMarkup relabelled = screens.rows().relabel(message.getReplyMarkup(), id -> marks(user, id));
            if (relabelled != null) {
                out.add(EditMessageReplyMarkup.builder().chatId(press.chatId()).messageId(press.editable())
                        .replyMarkup(relabelled).build());
            }
        }
        return out;
    }

    ReaderRows.Marks marks(long userId, String paperId) {
        return new ReaderRows.Marks(stores.saved().isSaved(userId, paperId), stores.votes().voteOf(userId, paperId));
    }
}
