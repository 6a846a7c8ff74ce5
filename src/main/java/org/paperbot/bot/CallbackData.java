package org.paperbot.bot;

import java.time.LocalTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an inline button asks for. Every variant names its {@link ButtonKind}, which writes it into Telegram's
 * callback_data; {@link ButtonRoutes} reads it back and hands it to the kind's handler. Data that does not read (an
 * old bot version, a forged query) gets a polite answer.
 */
public sealed interface CallbackData {
    int MAX_BYTES = 64;

    /** This data's kind: its key on the wire and its codec. */
    ButtonKind<?> kind();

    /** Show a paper's card in place of the current message (◀️ ▶️). */
    record ShowCard(String paperId) implements CallbackData {
        static final ButtonKind<ShowCard> KIND = ButtonKind.text("c", ShowCard.class, ShowCard::paperId, ShowCard::new);

        @Override
        public ButtonKind<ShowCard> kind() {
            return KIND;
        }
    }

    /** Send a paper's card as a new message (number buttons in lists). */
    record OpenCard(String paperId) implements CallbackData {
        static final ButtonKind<OpenCard> KIND = ButtonKind.text("o", OpenCard.class, OpenCard::paperId, OpenCard::new);

        @Override
        public ButtonKind<OpenCard> kind() {
            return KIND;
        }
    }

    /** Show a catalog page in place (0-based). */
    record ListPage(int page) implements CallbackData {
        static final ButtonKind<ListPage> KIND = ButtonKind.page("l", ListPage.class, ListPage::page, ListPage::new);

        @Override
        public ButtonKind<ListPage> kind() {
            return KIND;
        }
    }

    /** Show a page of one topic in place (0-based). */
    record TopicPage(String topic, int page) implements CallbackData {
        static final ButtonKind<TopicPage> KIND = ButtonKind.pageAndText("t", TopicPage.class, TopicPage::page,
                TopicPage::topic, (page, topic) -> new TopicPage(topic, page));

        @Override
        public ButtonKind<TopicPage> kind() {
            return KIND;
        }
    }

    /** Send a topic's first page as a new message. */
    record OpenTopic(String topic) implements CallbackData {
        static final ButtonKind<OpenTopic> KIND = ButtonKind.text("T", OpenTopic.class, OpenTopic::topic, OpenTopic::new);

        @Override
        public ButtonKind<OpenTopic> kind() {
            return KIND;
        }
    }

    /** Send the paper of the day. */
    record Today() implements CallbackData {
        static final ButtonKind<Today> KIND = ButtonKind.word("today", Today.class, Today::new);

        @Override
        public ButtonKind<Today> kind() {
            return KIND;
        }
    }

    /** Send a random paper. */
    record RandomPaper() implements CallbackData {
        static final ButtonKind<RandomPaper> KIND = ButtonKind.word("random", RandomPaper.class, RandomPaper::new);

        @Override
        public ButtonKind<RandomPaper> kind() {
            return KIND;
        }
    }

    /** Send the catalog's first page. */
    record OpenList() implements CallbackData {
        static final ButtonKind<OpenList> KIND = ButtonKind.word("list", OpenList.class, OpenList::new);

        @Override
        public ButtonKind<OpenList> kind() {
            return KIND;
        }
    }

    /** Send the list of topics. */
    record Topics() implements CallbackData {
        static final ButtonKind<Topics> KIND = ButtonKind.word("topics", Topics.class, Topics::new);

        @Override
        public ButtonKind<Topics> kind() {
            return KIND;
        }
    }

    /** Show a page of search results in place; the query travels in the data when it fits. */
    record SearchPage(String query, int page) implements CallbackData {
        static final ButtonKind<SearchPage> KIND = ButtonKind.pageAndText("s", SearchPage.class, SearchPage::page,
                SearchPage::query, (page, query) -> new SearchPage(query, page));

        @Override
        public ButtonKind<SearchPage> kind() {
            return KIND;
        }
    }

    /** Show a page of search results for a query too long for callback data, kept under a short key. */
    record SearchByKey(String key, int page) implements CallbackData {
        static final ButtonKind<SearchByKey> KIND = ButtonKind.pageAndText("S", SearchByKey.class, SearchByKey::page,
                SearchByKey::key, (page, key) -> new SearchByKey(key, page));

        @Override
        public ButtonKind<SearchByKey> kind() {
            return KIND;
        }
    }

    /** Send the papers most like this one. */
    record Similar(String paperId) implements CallbackData {
        static final ButtonKind<Similar> KIND = ButtonKind.text("sim", Similar.class, Similar::paperId, Similar::new);

        @Override
        public ButtonKind<Similar> kind() {
            return KIND;
        }
    }

    /** A button that only shows information (e.g. "3 / 8"). */
    record Noop() implements CallbackData {
        static final ButtonKind<Noop> KIND = ButtonKind.word("noop", Noop.class, Noop::new);

        @Override
        public ButtonKind<Noop> kind() {
            return KIND;
        }
    }

    // --- delivery settings: under the daily card and on the settings screen ---

    /** Send the chat's delivery settings as a new message (⚙️ under the daily card). */
    record OpenSettings() implements CallbackData {
        static final ButtonKind<OpenSettings> KIND = ButtonKind.word("settings", OpenSettings.class, OpenSettings::new);

        @Override
        public ButtonKind<OpenSettings> kind() {
            return KIND;
        }
    }

    /** Unsubscribe at once (🔕 under the daily card); the reply offers to subscribe again. */
    record Unsubscribe() implements CallbackData {
        static final ButtonKind<Unsubscribe> KIND = ButtonKind.word("unsub", Unsubscribe.class, Unsubscribe::new);

        @Override
        public ButtonKind<Unsubscribe> kind() {
            return KIND;
        }
    }

    /** Subscribe again with the settings kept, in place of the message the button is under. */
    record Resubscribe() implements CallbackData {
        static final ButtonKind<Resubscribe> KIND = ButtonKind.word("resub", Resubscribe.class, Resubscribe::new);

        @Override
        public ButtonKind<Resubscribe> kind() {
            return KIND;
        }
    }

    /**
     * A button of the settings screen, edited in place. Each names the state it sets (not "toggle"), so a press on an
     * old copy of the screen does what its label said.
     */
    record ChangeSettings(Change change) implements CallbackData {
        /** Written by name in lower case; a renamed value makes old buttons stale, nothing worse. */
        enum Change { SILENT, LOUD, WEEKDAYS, EVERY_DAY, PAUSE, RESUME, TIMES, OTHER_TIME, BACK }

        static final ButtonKind<ChangeSettings> KIND = ButtonKind.parsed("ds", ChangeSettings.class,
                d -> d.change().name().toLowerCase(Locale.ROOT),
                payload -> Arrays.stream(Change.values())
                        .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(payload))
                        .findFirst().map(ChangeSettings::new));

        @Override
        public ButtonKind<ChangeSettings> kind() {
            return KIND;
        }
    }

    /** Deliver at this local time from now on (the time buttons of the settings screen), written as HHmm. */
    record ChooseTime(LocalTime time) implements CallbackData {
        private static final Pattern HHMM = Pattern.compile("([01]\\d|2[0-3])([0-5]\\d)");

        static final ButtonKind<ChooseTime> KIND = ButtonKind.parsed("dt", ChooseTime.class,
                d -> String.format(Locale.ROOT, "%02d%02d", d.time().getHour(), d.time().getMinute()),
                payload -> {
                    Matcher m = HHMM.matcher(payload);
                    return m.matches() ? Optional.of(new ChooseTime(LocalTime.of(
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))) : Optional.empty();
                });

        @Override
        public ButtonKind<ChooseTime> kind() {
            return KIND;
        }
    }

    // --- readers: saved papers, votes, notes about a summary, follows ---

    /** ⭐ under a card: save the paper for the presser, or take it out of their saved papers. */
    record SavePaper(String paperId) implements CallbackData {
        static final ButtonKind<SavePaper> KIND = ButtonKind.text("sv", SavePaper.class, SavePaper::paperId, SavePaper::new);

        @Override
        public ButtonKind<SavePaper> kind() {
            return KIND;
        }
    }

    /** 👍 under a card. */
    record VoteUp(String paperId) implements CallbackData {
        static final ButtonKind<VoteUp> KIND = ButtonKind.text("vu", VoteUp.class, VoteUp::paperId, VoteUp::new);

        @Override
        public ButtonKind<VoteUp> kind() {
            return KIND;
        }
    }

    /** 👎 under a card. */
    record VoteDown(String paperId) implements CallbackData {
        static final ButtonKind<VoteDown> KIND = ButtonKind.text("vd", VoteDown.class, VoteDown::paperId, VoteDown::new);

        @Override
        public ButtonKind<VoteDown> kind() {
            return KIND;
        }
    }

    /** «✏️ Ошибка в пересказе»: the presser's next message in this private chat is a note about the paper. */
    record NoteAbout(String paperId) implements CallbackData {
        static final ButtonKind<NoteAbout> KIND = ButtonKind.text("nt", NoteAbout.class, NoteAbout::paperId, NoteAbout::new);

        @Override
        public ButtonKind<NoteAbout> kind() {
            return KIND;
        }
    }

    /** Cancel under the request for a note. */
    record NoteCancel() implements CallbackData {
        static final ButtonKind<NoteCancel> KIND = ButtonKind.word("notecancel", NoteCancel.class, NoteCancel::new);

        @Override
        public ButtonKind<NoteCancel> kind() {
            return KIND;
        }
    }

    /** Show a page of the presser's saved papers in place (0-based). */
    record SavedPage(int page) implements CallbackData {
        static final ButtonKind<SavedPage> KIND = ButtonKind.page("svp", SavedPage.class, SavedPage::page, SavedPage::new);

        @Override
        public ButtonKind<SavedPage> kind() {
            return KIND;
        }
    }

    /** Remove a paper from the presser's saved papers, then show that page again. */
    record SavedRemove(String paperId, int page) implements CallbackData {
        static final ButtonKind<SavedRemove> KIND = ButtonKind.pageAndText("svr", SavedRemove.class, SavedRemove::page,
                SavedRemove::paperId, (page, id) -> new SavedRemove(id, page));

        @Override
        public ButtonKind<SavedRemove> kind() {
            return KIND;
        }
    }

    /** Stop following something; {@code follow} is the kind's letter and the normalised key ("tllm", "abengio"). */
    record Unfollow(String follow) implements CallbackData {
        static final ButtonKind<Unfollow> KIND = ButtonKind.text("uf", Unfollow.class, Unfollow::follow, Unfollow::new);

        @Override
        public ButtonKind<Unfollow> kind() {
            return KIND;
        }
    }

    /** The callback_data of a button; throws rather than send data that would not fit or not read. */
    static String encode(CallbackData data) {
        return data.kind().encode(data);
    }

    /** Whether the data fits Telegram's 64-byte limit. */
    static boolean fits(CallbackData data) {
        try {
            encode(data);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
