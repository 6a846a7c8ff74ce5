package org.paperbot.search;

import java.util.List;
import java.util.Optional;

/**
 * What a text names among the catalog's topics.
 *
 * @param topic   the topic it names, as the catalog spells it
 * @param closest when it names none: the topics nearest to it, nearest first (may be empty)
 */
public record TopicMatch(Optional<String> topic, List<String> closest) {
    public TopicMatch {
        closest = List.copyOf(closest);
    }
}
