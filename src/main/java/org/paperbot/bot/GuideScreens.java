package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Venue;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The greeting, /help (written from the command table) and /about. */
public final class GuideScreens {
    private final Texts texts;
    private final Keyboards keyboards;
    private final String botUsername;

    GuideScreens(Texts texts, Keyboards keyboards, String botUsername) {
        this.texts = texts;
        this.keyboards = keyboards;
        this.botUsername = botUsername;
    }

    public View start(Catalog catalog) {
        return new View(texts.format("start.text", texts.count("plural.papers", catalog.size())), keyboards.start());
    }

    /** A deep link to a paper the catalog does not have (removed, or a mistyped link), with the way on. */
    public View startWithoutPaper(String echoedId) {
        return new View(texts.format("start.noPaper", echoedId), keyboards.start());
    }

    /** The help lines of {@code commands} (what the asker may use) by section; bot admins get their own part. */
    public View help(List<Command<?>> commands) {
        String html = texts.format("help.text", lines(commands, c -> c.section() == Command.Section.CATALOG),
                lines(commands, c -> c.section() == Command.Section.DAILY), Html.escape(botUsername));
        String admin = lines(commands, Command::forBotAdmins);
        return View.text(admin.isEmpty() ? html : html + texts.format("help.admin", admin));
    }

    private String lines(List<Command<?>> commands, Predicate<Command<?>> part) {
        return commands.stream().filter(c -> c.helpKey() != null && part.test(c))
                .map(c -> texts.get(c.helpKey())).collect(Collectors.joining("\n"));
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
        return View.text(sb.toString());
    }
}
