package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.Venue;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.CardRenderer;
import org.paperbot.render.Html;
import org.paperbot.render.ListRenderer;
import org.paperbot.render.Texts;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.SearchResult;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The screens of the bot (card, list page, topics, …) built from a catalog snapshot. Commands and button
 * presses both go through here, so a screen looks the same however it was reached.
 */
public final class Views {
    static final int TOPIC_BUTTONS = 30;
    static final int TOPIC_BUTTONS_PER_ROW = 3;

    private final Texts texts;
    private final CardRenderer cardRenderer;
    private final ListRenderer listRenderer;
    private final Keyboards keyboards;
    private final PaperOfTheDay paperOfTheDay;
    private final Clock clock;
    private final ZoneId zone;
    private final int pageSize;
    private final RandomGenerator random;
    private final SearchQueries searchQueries = new SearchQueries();
    /** Keyed by the paper's value: a changed paper after a reload is a new key, an unchanged one stays cached. */
    private final Cache<Paper, String> cards = Caffeine.newBuilder().maximumSize(10_000).build();

    private final String botUsername;

    public Views(Texts texts, String botUsername, PaperOfTheDay paperOfTheDay, Clock clock, ZoneId zone, int pageSize,
                 RandomGenerator random) {
        this.texts = texts;
        this.botUsername = botUsername;
        this.cardRenderer = new CardRenderer(texts);
        this.listRenderer = new ListRenderer(texts);
        this.keyboards = new Keyboards(texts);
        this.paperOfTheDay = paperOfTheDay;
        this.clock = clock;
        this.zone = zone;
        this.pageSize = pageSize;
        this.random = random;
    }

    public Texts texts() {
        return texts;
    }

    /** The card's HTML alone (cached); {@link #card} adds the keyboard. */
    public String cardHtml(Paper paper) {
        return cards.get(paper, cardRenderer::render);
    }

    public View card(Catalog catalog, Paper paper) {
        return card(catalog, paper, null);
    }

    /** A card with navigation; {@code headerHtml} (may be null) goes above it. */
    public View card(Catalog catalog, Paper paper, String headerHtml) {
        int number = catalog.numberOf(paper);
        int total = catalog.size();
        Paper previous = catalog.byNumber(number == 1 ? total : number - 1).orElseThrow();
        Paper next = catalog.byNumber(number == total ? 1 : number + 1).orElseThrow();
        String html = headerHtml == null ? cardHtml(paper) : headerHtml + "\n\n" + cardHtml(paper);
        return new View(html, keyboards.card(paper, previous, next, number, total, (number - 1) / pageSize));
    }

    /** The buttons under a card sent through inline mode: links only (presses there cannot edit our messages). */
    public org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup inlineCardKeyboard(Paper paper) {
        return Keyboards.of(List.of(keyboards.linkRow(paper)));
    }


    /**
     * A page of search results, or the "nothing found" reply. {@code query} is what the user typed; it is shown
     * back (escaped) and kept in the paging buttons.
     */
    public View searchPage(Snapshot snapshot, String query, int page) {
        String q = tidy(query);
        SearchResult first = snapshot.search().search(q, Math.max(0, page) * pageSize, pageSize);
        int pages = ListRenderer.pageCount(first.total(), pageSize);
        SearchResult result = first;
        int p = Math.max(0, Math.min(page, pages - 1));
        if (p != page) {
            result = snapshot.search().search(q, p * pageSize, pageSize); // a stale page number: show the last page
        }
        String shown = Html.escape(Html.shorten(q, 60));
        if (result.total() == 0) {
            return new View(texts.format("search.nothing", shown), keyboards.nothingFound());
        }
        Catalog catalog = snapshot.catalog();
        String header = texts.format("search.header", shown, texts.count("plural.papers", result.total()));
        ListRenderer.Page rendered = listRenderer.renderSlice(header, result.papers(), p, pages, catalog::numberOf);
        CallbackData probe = new CallbackData.SearchPage(q, pages - 1);
        String key = CallbackData.fits(probe) ? null : searchQueries.keyFor(q);
        return new View(rendered.html(), keyboards.list(rendered.papers(), catalog::numberOf, p, pages,
                target -> key == null ? new CallbackData.SearchPage(q, target) : new CallbackData.SearchByKey(key, target)));
    }

    /** The query as shown and kept: single spaces, no invisible characters at the ends, at most 256 characters. */
    static String tidy(String query) {
        String q = query.strip().replaceAll("[\\s\\u00A0]+", " ");
        if (q.length() > SearchIndex.MAX_QUERY_LENGTH) {
            int end = Character.isHighSurrogate(q.charAt(SearchIndex.MAX_QUERY_LENGTH - 1))
                    ? SearchIndex.MAX_QUERY_LENGTH - 1 : SearchIndex.MAX_QUERY_LENGTH;
            q = q.substring(0, end);
        }
        return q;
    }

    /** A results page for a query kept under a key; empty if the key expired. */
    public Optional<View> searchPageByKey(Snapshot snapshot, String key, int page) {
        return searchQueries.query(key).map(q -> searchPage(snapshot, q, page));
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public Paper paperOfTheDay(Catalog catalog, LocalDate date) {
        return paperOfTheDay.forDate(catalog, date);
    }

    public View today(Catalog catalog) {
        LocalDate date = today();
        return card(catalog, paperOfTheDay.forDate(catalog, date), texts.format("today.header", texts.date(date)));
    }

    public View random(Catalog catalog) {
        Paper paper = catalog.papers().get(random.nextInt(catalog.size()));
        return card(catalog, paper, texts.get("random.header"));
    }

    public View listPage(Catalog catalog, int page) {
        String header = texts.format("list.header", texts.count("plural.papers", catalog.size()));
        ListRenderer.Page p = listRenderer.render(header, catalog.papers(), page, pageSize, catalog::numberOf);
        return new View(p.html(), keyboards.list(p.papers(), catalog::numberOf,
                p.page(), p.pages(), CallbackData.ListPage::new));
    }

    public Optional<View> topicPage(Catalog catalog, String tag, int page) {
        Optional<String> spelling = catalog.topicSpelling(tag);
        if (spelling.isEmpty()) {
            return Optional.empty();
        }
        String topic = spelling.get();
        List<Paper> papers = catalog.withTopic(topic);
        String header = texts.format("topic.header", Html.escape(topic), texts.count("plural.papers", papers.size()));
        ListRenderer.Page p = listRenderer.render(header, papers, page, pageSize, catalog::numberOf);
        return Optional.of(new View(p.html(), keyboards.list(p.papers(), catalog::numberOf, p.page(), p.pages(),
                target -> new CallbackData.TopicPage(topic, target))));
    }

    public View topics(Catalog catalog) {
        List<Catalog.TopicCount> topics = catalog.topics();
        StringBuilder sb = new StringBuilder(texts.format("topics.header", texts.count("plural.topics", topics.size())));
        sb.append("\n\n");
        int shown = 0;
        for (Catalog.TopicCount t : topics) {
            String line = texts.format("topics.item", Html.escape(t.topic()), texts.count("plural.papers", t.count()));
            if (sb.length() + line.length() > Html.MAX_MESSAGE_LENGTH - 300) {
                break;
            }
            sb.append(line).append('\n');
            shown++;
        }
        if (shown < topics.size()) {
            sb.append(texts.format("topics.more", texts.count("plural.topics", topics.size() - shown))).append('\n');
        }
        sb.append('\n').append(texts.format("topics.footer", Html.escape(topics.get(0).topic())));

        List<InlineKeyboardRow> rows = new ArrayList<>();
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (Catalog.TopicCount t : topics.subList(0, Math.min(TOPIC_BUTTONS, topics.size()))) {
            if (row.size() == TOPIC_BUTTONS_PER_ROW) {
                rows.add(row);
                row = new InlineKeyboardRow();
            }
            row.add(Keyboards.callback("#" + t.topic() + " · " + t.count(), new CallbackData.OpenTopic(t.topic())));
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return new View(sb.toString(), Keyboards.of(rows));
    }

    public View start(Catalog catalog) {
        return new View(texts.format("start.text", texts.count("plural.papers", catalog.size())), keyboards.start());
    }

    public View help() {
        return new View(texts.format("help.text", Html.escape(botUsername)), null);
    }

    public View about(Catalog catalog) {
        StringBuilder sb = new StringBuilder(texts.format("about.text", texts.count("plural.papers", catalog.size())));
        for (Venue venue : catalog.venues()) {
            StringBuilder block = new StringBuilder("\n\n").append(texts.format("about.venue", Html.escape(venue.name())));
            for (String fact : venue.facts()) {
                block.append('\n').append(texts.format("about.fact", Html.escape(fact)));
            }
            if (sb.length() + block.length() > Html.MAX_MESSAGE_LENGTH - 300) {
                break; // a catalog with many venues: show those that fit
            }
            sb.append(block);
        }
        sb.append("\n\n").append(texts.get("about.footer"));
        return new View(sb.toString(), null);
    }

    /** A paper of the day with its date, for /history. */
    public record DatedPaper(LocalDate date, Paper paper) {
    }

    /** Papers of the last days, newest first, with number buttons that open the cards. */
    public View history(Catalog catalog, List<DatedPaper> days, LocalDate today) {
        String footer = "\n\n" + texts.get("history.footer");
        int room = Html.MAX_MESSAGE_LENGTH - footer.length() - 100; // 100: the header
        StringBuilder items = new StringBuilder();
        List<Paper> shown = new ArrayList<>();
        for (DatedPaper d : days) {
            String item = "\n" + texts.format("history.item", texts.dayMonth(d.date()),
                    d.date().equals(today) ? texts.get("history.today") : "", catalog.numberOf(d.paper()),
                    Html.escape(d.paper().title()));
            if (items.length() + item.length() > room) {
                break; // long titles: show the days that fit
            }
            items.append(item);
            shown.add(d.paper());
        }
        String html = texts.format("history.header", texts.count("plural.days", shown.size())) + "\n" + items + footer;
        return new View(html, keyboards.list(shown, catalog::numberOf, 0, 1,
                CallbackData.ListPage::new));
    }

    /** A plain text reply without keyboard. */
    public View text(String html) {
        return new View(html, null);
    }
}
