package org.paperbot.curate;

import org.paperbot.catalog.Paper;

/** Shows a paper's card as readers get it: the bot's own handlers, rendered as the console renders them. */
@FunctionalInterface
public interface CardPreview {
    String show(Paper paper);
}
