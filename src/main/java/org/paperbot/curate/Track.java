package org.paperbot.curate;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Venue and track read from free text: OpenReview's "ICLR 2024 spotlight", arXiv's "Published at ICLR 2024 (Oral)". */
record Track(Optional<String> venue, Optional<String> track) {
    private static final Pattern TRACK = Pattern.compile("\\b(oral|spotlight|poster)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONFERENCE = Pattern.compile("\\b([A-Z][A-Za-z]{1,9})[ -]?'?((?:19|20)\\d{2})\\b");

    static Track of(String text) {
        Matcher track = TRACK.matcher(text);
        Matcher conference = CONFERENCE.matcher(text);
        return new Track(conference.find() ? Optional.of(conference.group(1) + " " + conference.group(2)) : Optional.empty(),
                track.find() ? Optional.of(capitalized(track.group(1))) : Optional.empty());
    }

    private static String capitalized(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
