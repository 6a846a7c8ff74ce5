package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.reader.FollowMatch;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.store.FeedbackStore;
import org.paperbot.store.FollowStore;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.ReaderStores;
import org.paperbot.store.VoteStore;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * /saved, /follow, /following, /unfollow, and the note a reader writes after «✏️ Ошибка в пересказе» (their next
 * message in the private chat, within {@link #NOTE_WAIT}), which is stored and sent to the bot admins.
 */
public final class ReaderCommands {
    /** Follows per chat: enough for a reader's interests, few enough that one announcement stays short. */
    public static final int MAX_FOLLOWS = 20;
    public static final int NOTE_MAX_LENGTH = 1000;
    /** A note asked for longer ago is not expected any more: the next message is read as usual. */
    public static final Duration NOTE_WAIT = Duration.ofMinutes(15);
    /** Papers named in /stats as the most voted. */
    static final int MOST_VOTED = 3;
    static final int TITLE_IN_STATS = 40;

    private final ReaderScreens screens;
    private final ReaderStores stores;
    private final Set<Long> admins;
    private final Clock clock;
    private final Texts texts;

    /** @param admins PAPERBOT_ADMIN_IDS: who gets readers' notes */
    public ReaderCommands(ReaderScreens screens, ReaderStores stores, Set<Long> admins, Clock clock) {
        this.screens = screens;
        this.stores = stores;
        this.admins = Set.copyOf(admins);
        this.clock = clock;
        this.texts = screens.texts();
    }

    /** /saved: the sender's saved papers (declared for private chats: the list is theirs). */
    public List<BotApiMethod<?>> saved(CommandRequest r) {
        return r.reply(screens.saved(r.catalog(), stores.saved().list(r.chatId()), 0));
    }

    /** /follow text: a topic ("#тема"), an author or a keyword; without text, how to and what is followed. */
    public List<BotApiMethod<?>> follow(CommandRequest r, String text) {
        if (text.isEmpty()) {
            return r.reply(texts.get("follow.usage"));
        }
        Optional<Follow> follow = readFollow(text, r);
        if (follow.isEmpty()) {
            return r.reply(problem(text));
        }
        Follow f = follow.get();
        String label = Html.escape(f.label());
        return switch (stores.follows().add(r.chatId(), f, MAX_FOLLOWS)) {
            case ADDED -> r.reply(texts.format(switch (f.kind()) {
                case TOPIC -> "follow.added.topic";
                case AUTHOR -> "follow.added.author";
                case KEYWORD -> "follow.added.keyword";
            }, label));
            case ALREADY -> r.reply(texts.format("follow.already", label));
            case FULL -> r.reply(texts.format("follow.full", MAX_FOLLOWS));
        };
    }

    /** /following: the chat's follows (with ✖ buttons in a private chat; in groups admins use /unfollow). */
    public List<BotApiMethod<?>> following(CommandRequest r) {
        View view = screens.follows(stores.follows().list(r.chatId()), MAX_FOLLOWS);
        return r.reply(r.privateChat() ? view : View.text(view.html()));
    }

    /** /unfollow text, or without text the list to choose from. */
    public List<BotApiMethod<?>> unfollow(CommandRequest r, String text) {
        if (text.isEmpty()) {
            return following(r);
        }
        List<Follow> follows = stores.follows().list(r.chatId());
        String words = FollowMatch.words(text.startsWith("#") ? text.substring(1) : text);
        Optional<Follow> parsed = readFollow(text, r);
        // What /follow made of the same text, else any follow spelled so (whatever kind it was taken for).
        Optional<Follow> found = follows.stream()
                .filter(f -> parsed.isPresent() && f.kind() == parsed.get().kind() && f.key().equals(parsed.get().key()))
                .findFirst()
                .or(() -> follows.stream().filter(f -> f.key().equals(words)
                        || FollowMatch.words(f.label().replaceFirst("^#", "")).equals(words)).findFirst());
        if (found.isEmpty()) {
            return r.reply(texts.format("follow.notFollowing", Replies.echo(text)));
        }
        stores.follows().remove(r.chatId(), found.get().kind(), found.get().key());
        return r.reply(texts.format("follow.removed", Html.escape(found.get().label())));
    }

    private Optional<Follow> readFollow(String text, CommandRequest r) {
        if (text.length() > FollowMatch.MAX_LENGTH || text.strip().length() < FollowMatch.MIN_LENGTH) {
            return Optional.empty();
        }
        return FollowMatch.parse(text, r.catalog(), r.snapshot().search())
                .filter(f -> f.key().length() >= FollowMatch.MIN_LENGTH)
                .filter(f -> CallbackData.fits(new CallbackData.Unfollow(FollowCodes.encode(f))));
    }

    private String problem(String text) {
        return text.length() > FollowMatch.MAX_LENGTH
                ? texts.format("follow.tooLong", FollowMatch.MAX_LENGTH)
                : texts.format("follow.unreadable", Replies.echo(text));
    }

    /**
     * Plain text in a private chat: the note, when one was asked for (and not too long ago); else {@code otherwise}
     * (the search). The note is stored, the reader thanked, and each bot admin gets it with the paper's id.
     */
    public CommandHandler notesBefore(CommandHandler otherwise) {
        return r -> {
            Optional<FeedbackStore.Pending> pending = r.userId() == null ? Optional.empty() : stores.feedback().pending(r.chatId());
            if (pending.isEmpty()) {
                return otherwise.handle(r);
            }
            if (pending.get().askedAt().plus(NOTE_WAIT).isBefore(clock.instant())) {
                stores.feedback().cancel(r.chatId());
                return otherwise.handle(r);
            }
            String note = r.args();
            if (note.length() > NOTE_MAX_LENGTH) {
                return r.reply(texts.format("note.tooLong", NOTE_MAX_LENGTH, note.length()));
            }
            String paperId = pending.get().paperId();
            stores.feedback().save(r.chatId(), r.userId(), paperId, note);
            List<BotApiMethod<?>> out = new ArrayList<>(r.reply(texts.get("note.thanks")));
            View forAdmins = screens.noteForAdmins(paperId, r.catalog().byId(paperId), r.userId(), note);
            for (long admin : admins) {
                out.add(Replies.send(admin, forAdmins));
            }
            return out;
        };
    }

    /** The readers' part of /stats: votes (with the most voted papers), notes, follows. */
    public String stats(Catalog catalog) {
        VoteStore.Totals votes = stores.votes().totals();
        StringBuilder sb = new StringBuilder(texts.format("vote.stats", votes.up(), votes.down(), votes.voters()));
        for (VoteStore.PaperVotes p : stores.votes().mostVoted(MOST_VOTED)) {
            String title = catalog.byId(p.paperId()).map(paper -> Html.shorten(paper.title(), TITLE_IN_STATS))
                    .orElse(texts.get("note.paperGone"));
            sb.append('\n').append(texts.format("vote.stats.paper", Html.escape(p.paperId()), Html.escape(title), p.up(), p.down()));
        }
        FollowStore.Counts follows = stores.follows().counts();
        sb.append('\n').append(texts.format("follow.stats", follows.follows(), follows.chats()));
        sb.append('\n').append(texts.format("note.stats", stores.feedback().count()));
        return sb.toString();
    }
}
