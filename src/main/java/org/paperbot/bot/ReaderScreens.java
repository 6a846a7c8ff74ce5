package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Html;
import org.paperbot.render.ListRenderer;
import org.paperbot.render.Texts;
import org.paperbot.store.FollowStore.Follow;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What readers see of their own things: saved papers, follows, the request for a note, news about what they follow. */
public final class ReaderScreens {
    /** Papers listed in one announcement to followers; more are counted. */
    public static final int ANNOUNCED_PAPERS = 5;
    /** Characters of a title on a button of /saved. */
    static final int TITLE_ON_BUTTON = 32;

    private final Texts texts;
    private final Keyboards keyboards;
    private final int pageSize;

    ReaderScreens(Texts texts, Keyboards keyboards, int pageSize) {
        this.texts = texts;
        this.keyboards = keyboards;
        this.pageSize = pageSize;
    }

    Texts texts() {
        return texts;
    }

    ReaderRows rows() {
        return keyboards.reader();
    }

    /**
     * A page (0-based; past the end shows the last) of saved papers, most recent first: a button to open each, one to
     * remove it. Papers no longer in the catalog are listed by id, with only the remove button.
     */
    public View saved(Catalog catalog, List<String> paperIds, int page) {
        if (paperIds.isEmpty()) {
            return View.text(texts.get("saved.empty"));
        }
        int pages = ListRenderer.pageCount(paperIds.size(), pageSize);
        int shown = Math.max(0, Math.min(page, pages - 1));
        List<String> onPage = paperIds.subList(shown * pageSize, Math.min(paperIds.size(), (shown + 1) * pageSize));
        StringBuilder html = new StringBuilder(texts.format("saved.header", texts.count("plural.papers", paperIds.size())));
        if (pages > 1) {
            html.append(texts.format("list.pageOf", shown + 1, pages));
        }
        html.append("\n\n");
        List<InlineKeyboardRow> rows = new ArrayList<>();
        int n = shown * pageSize;
        for (String id : onPage) {
            n++;
            Optional<Paper> paper = catalog.byId(id);
            InlineKeyboardRow row = new InlineKeyboardRow();
            if (paper.isPresent()) {
                Paper p = paper.get();
                html.append(texts.format("saved.item", n, Html.escape(p.title()), Html.escape(p.venue()))).append("\n\n");
                row.add(Keyboards.callback(n + ". " + Html.shorten(p.title(), TITLE_ON_BUTTON), new CallbackData.OpenCard(id)));
            } else {
                html.append(texts.format("saved.gone", n, Html.escape(id))).append("\n\n");
            }
            row.add(Keyboards.callback(texts.format("saved.button.remove", n), new CallbackData.SavedRemove(id, shown)));
            rows.add(row);
        }
        if (pages > 1) {
            rows.add(new InlineKeyboardRow(
                    Keyboards.callback(texts.get("button.prev"), new CallbackData.SavedPage((shown - 1 + pages) % pages)),
                    Keyboards.callback(texts.format("button.position", shown + 1, pages), new CallbackData.Noop()),
                    Keyboards.callback(texts.get("button.next"), new CallbackData.SavedPage((shown + 1) % pages))));
        }
        return new View(html.toString().strip(), Keyboards.of(rows));
    }

    /** The chat's follows with a ✖ button for each; empty → how to follow. */
    public View follows(List<Follow> follows, int limit) {
        if (follows.isEmpty()) {
            return View.text(texts.get("follow.none"));
        }
        StringBuilder html = new StringBuilder(texts.format("follow.list.header", follows.size(), limit)).append("\n\n");
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (Follow f : follows) {
            String kind = texts.get(switch (f.kind()) {
                case TOPIC -> "follow.kind.topic";
                case AUTHOR -> "follow.kind.author";
                case KEYWORD -> "follow.kind.keyword";
            });
            html.append(texts.format("follow.list.item", kind, Html.escape(f.label()))).append('\n');
            rows.add(new InlineKeyboardRow(Keyboards.callback(texts.format("follow.button.remove", Html.shorten(f.label(), TITLE_ON_BUTTON)),
                    new CallbackData.Unfollow(FollowCodes.encode(f)))));
        }
        html.append('\n').append(texts.get("follow.list.footer"));
        return new View(html.toString(), Keyboards.of(rows));
    }

    /** Asks for the note about {@code paper}, with a cancel button. */
    public View notePrompt(Paper paper, int maxLength, int minutes) {
        return new View(texts.format("note.prompt", Html.escape(paper.title()), maxLength, minutes),
                Keyboards.of(List.of(new InlineKeyboardRow(
                        Keyboards.callback(texts.get("note.button.cancel"), new CallbackData.NoteCancel())))));
    }

    /** What the bot admins get: the note, the paper's id and title, and who wrote it. */
    public View noteForAdmins(String paperId, Optional<Paper> paper, long userId, String note) {
        return View.text(texts.format("note.forAdmins", Html.escape(paperId),
                Html.escape(paper.map(Paper::title).orElse(texts.get("note.paperGone"))), userId, Html.escape(note)));
    }

    /** One message about papers new in the catalog that a chat follows; buttons open their cards. */
    public View announcement(Catalog catalog, List<Paper> papers) {
        StringBuilder html = new StringBuilder(texts.format("follow.news.header", texts.count("plural.papers", papers.size())));
        html.append("\n\n");
        List<Paper> listed = papers.subList(0, Math.min(ANNOUNCED_PAPERS, papers.size()));
        for (Paper p : listed) {
            html.append(texts.format("list.item", catalog.numberOf(p), Html.escape(p.title()), Html.escape(p.teaser())))
                    .append("\n\n");
        }
        if (papers.size() > listed.size()) {
            html.append(texts.format("follow.news.more", texts.count("plural.papers", papers.size() - listed.size()))).append("\n\n");
        }
        html.append(texts.get("follow.news.footer"));
        return new View(html.toString(), keyboards.list(listed, catalog::numberOf, 0, 1, CallbackData.ListPage::new));
    }
}
