package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Html;
import org.paperbot.render.ListRenderer;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Numbered, paged lists of the catalog and of one topic, and the list of topics. */
public final class ListScreens {
    static final int TOPIC_BUTTONS = 30;
    static final int TOPIC_BUTTONS_PER_ROW = 3;

    private final Texts texts;
    private final ListRenderer renderer;
    private final Keyboards keyboards;
    private final int pageSize;

    ListScreens(Texts texts, Keyboards keyboards, int pageSize) {
        this.texts = texts;
        this.renderer = new ListRenderer(texts);
        this.keyboards = keyboards;
        this.pageSize = pageSize;
    }

    /** How many pages the whole catalog takes. */
    public int pages(Catalog catalog) {
        return ListRenderer.pageCount(catalog.size(), pageSize);
    }

    /** A catalog page (0-based); a page past the end shows the last one. */
    public View listPage(Catalog catalog, int page) {
        String header = texts.format("list.header", texts.count("plural.papers", catalog.size()));
        int pages = pages(catalog);
        int shown = Math.max(0, Math.min(page, pages - 1));
        // Only the papers of the page are read.
        List<Paper> onPage = catalog.range(Math.min(shown * pageSize, catalog.size()),
                Math.min((shown + 1) * pageSize, catalog.size()));
        ListRenderer.Page p = renderer.renderSlice(header, onPage, shown, pages, catalog::numberOf);
        return new View(p.html(), keyboards.list(p.papers(), catalog::numberOf,
                p.page(), p.pages(), CallbackData.ListPage::new));
    }

    /** A page of one topic (0-based), empty if no paper carries the tag. */
    public Optional<View> topicPage(Catalog catalog, String tag, int page) {
        Optional<String> spelling = catalog.topicSpelling(tag);
        if (spelling.isEmpty()) {
            return Optional.empty();
        }
        String topic = spelling.get();
        List<Paper> papers = catalog.withTopic(topic); // read on access: the page's papers only
        String header = texts.format("topic.header", Html.escape(topic), texts.count("plural.papers", papers.size()));
        ListRenderer.Page p = renderer.render(header, papers, page, pageSize, catalog::numberOf);
        return Optional.of(new View(p.html(), keyboards.list(p.papers(), catalog::numberOf, p.page(), p.pages(),
                target -> new CallbackData.TopicPage(topic, target))));
    }

    /** «Возможно, вы имели в виду …»: the topics closest to what was asked ({@code askedHtml}), as buttons. */
    public View didYouMean(String askedHtml, List<String> topics) {
        String list = topics.stream().map(t -> "#" + Html.escape(t)).collect(java.util.stream.Collectors.joining(", "));
        List<InlineKeyboardRow> rows = topics.stream()
                .map(t -> new InlineKeyboardRow(Keyboards.callback("#" + t, new CallbackData.OpenTopic(t))))
                .toList();
        return new View(texts.format("topic.didYouMean", askedHtml, list), Keyboards.of(rows));
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
}
