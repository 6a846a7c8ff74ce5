package org.paperbot.bot;

import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;

import java.util.random.RandomGenerator;

/**
 * The screens of the bot, by what they render, built from a catalog snapshot. Commands, button presses, inline mode
 * and the daily message all go through here, so a screen looks the same however it was reached.
 */
public record Screens(Texts texts, CardScreens cards, ListScreens lists, SearchScreens search, DailyScreens daily,
                      GuideScreens guide, ReaderScreens readers) {

    /** @param pageSize papers per list page */
    public static Screens of(Texts texts, String botUsername, PaperOfTheDay paperOfTheDay, int pageSize,
                             RandomGenerator random) {
        Keyboards keyboards = new Keyboards(texts, botUsername);
        CardScreens cards = new CardScreens(texts, keyboards, pageSize, random);
        return new Screens(texts, cards, new ListScreens(texts, keyboards, pageSize), new SearchScreens(texts, keyboards, cards, pageSize),
                new DailyScreens(texts, cards, keyboards, paperOfTheDay), new GuideScreens(texts, keyboards, botUsername),
                new ReaderScreens(texts, keyboards, pageSize));
    }
}
