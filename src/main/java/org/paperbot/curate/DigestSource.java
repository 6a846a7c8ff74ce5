package org.paperbot.curate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.PaperRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * A digest text (a post listing papers, each an OpenReview link followed by paragraphs about it) as drafts, offline:
 * one per link, with the paragraphs after it as the draft's notes. {@code import openreview} fills the metadata later.
 */
public final class DigestSource {
    private DigestSource() {
    }

    public static List<Imported> parse(String fileName, String text) {
        List<Imported> papers = new ArrayList<>();
        String id = null;
        List<String> notes = new ArrayList<>();
        for (String line : text.split("\\R")) {
            Matcher link = PaperRef.OPENREVIEW_URL.matcher(line);
            if (link.find()) {
                if (id != null) {
                    papers.add(draft(id, notes));
                }
                id = link.group(1);
                notes = new ArrayList<>();
                String rest = (line.substring(0, link.start()) + line.substring(link.end())).strip();
                if (!rest.isEmpty()) {
                    notes.add(rest);
                }
            } else if (id != null && !line.isBlank()) {
                notes.add(line.strip());
            }
        }
        if (id != null) {
            papers.add(draft(id, notes));
        }
        if (papers.isEmpty()) {
            throw new CurateException(fileName + ": no OpenReview links (https://openreview.net/forum?id=… or …/attachment?id=…)");
        }
        return papers;
    }

    private static Imported draft(String id, List<String> paragraphs) {
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        ObjectNode links = f.putObject("links");
        links.put("pdf", OpenReviewSource.SITE + "/pdf?id=" + id);
        links.put("openreview", OpenReviewSource.SITE + "/forum?id=" + id);
        if (!paragraphs.isEmpty()) {
            f.put(PaperFile.NOTES, String.join("\n\n", paragraphs));
        }
        return new Imported(id, Optional.empty(), f, "the digest");
    }
}
