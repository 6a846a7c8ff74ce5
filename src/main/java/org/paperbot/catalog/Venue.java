package org.paperbot.catalog;

import java.util.List;

/** A conference and a few facts about it in Russian, shown by /about. */
public record Venue(String name, List<String> facts) {
    public Venue {
        facts = List.copyOf(facts);
    }
}
