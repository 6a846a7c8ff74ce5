package org.paperbot.bot;

import org.paperbot.library.CatalogReloader;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/** /reload, declared for {@link Command.Who#BOT_ADMINS}: for anyone not in PAPERBOT_ADMIN_IDS it does not exist. */
public final class AdminCommands {
    private final CatalogReloader reloader;
    private final Texts texts;
    private final Runnable reloaded;

    /** @param reloaded told when a /reload replaced the catalog (replicas: the others then reload too) */
    public AdminCommands(CatalogReloader reloader, Texts texts, Runnable reloaded) {
        this.reloader = reloader;
        this.texts = texts;
        this.reloaded = reloaded;
    }

    /** /reload: reads the catalog file again now. */
    public List<BotApiMethod<?>> reload(CommandRequest r) {
        CatalogReloader.Result result = reloader.reload();
        if (result.replaced()) {
            reloaded.run();
        }
        String html = result.replaced()
                ? texts.format("admin.reload.done", texts.count("plural.papers", result.papers()))
                : texts.format("admin.reload.rejected", Html.escape(Html.shorten(result.problem(), 3000)),
                        texts.count("plural.papers", result.papers()));
        return r.reply(html);
    }
}
