package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.Keys;
import org.paperbot.catalog.PaperFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns imported papers into draft files. A new paper becomes a draft with its metadata filled and its Russian
 * fields empty; an existing draft only gets the fields it lacks, because whatever is already there may be a
 * person's work (a value that differs is reported as a conflict and kept); a published paper is never touched.
 * The same paper is found by its file id (the OpenReview id) or by its arXiv id without version.
 */
public final class Merge {
    /** The fields a person writes in Russian: created empty so the draft shows what is left to do. */
    static final List<String> RUSSIAN_FIELDS = List.of("topics", "teaser", "summary", "keyPoints");
    /** Order of fields in a new file: what a person reads first comes first. */
    private static final List<String> ORDER = List.of("id", PaperFile.STATUS, "arxivId", "title", "authors", "venue",
            "track", "topics", "keywords", "teaser", "summary", "keyPoints", "links", PaperFile.ABSTRACT, PaperFile.TLDR,
            PaperFile.CATEGORIES, PaperFile.JOURNAL_REF, PaperFile.ARXIV_PUBLISHED, PaperFile.NOTES);

    /** The files to write and one line per paper saying what happens to it. */
    public record Plan(List<CuratorFiles.Doc> writes, List<String> report, int conflicts) {
    }

    private Merge() {
    }

    public static Plan plan(CuratorFiles files, List<Imported> papers) {
        Map<String, CuratorFiles.Doc> pending = new LinkedHashMap<>();
        Map<String, String> fileByArxiv = new HashMap<>();
        List<String> report = new ArrayList<>();
        int conflicts = 0;
        for (Imported paper : papers) {
            Optional<CuratorFiles.Doc> existing = Optional.ofNullable(pending.get(paper.id()))
                    .or(() -> paper.arxivId().map(a -> fileByArxiv.get(Keys.arxiv(a))).map(pending::get))
                    .or(() -> files.byId(paper.id()))
                    .or(() -> paper.arxivId().flatMap(files::byArxiv))
                    .or(() -> paper.arxivId().isPresent() ? sameTitle(files, paper) : Optional.empty());
            CuratorFiles.Doc doc;
            if (existing.isEmpty()) {
                doc = files.create(paper.id(), newDraft(paper));
                report.add("created " + doc.fileName() + " (draft) from " + paper.source());
            } else if (existing.get().published()) {
                report.add("kept " + existing.get().fileName() + ": it is published, so the import from "
                        + paper.source() + " left it untouched");
                conflicts++;
                continue;
            } else {
                doc = existing.get();
                if (paper.arxivId().isPresent() && !paper.id().equals(doc.id())
                        && Merge.isEmpty(doc.tree().get("arxivId"))) {
                    report.add(doc.fileName() + " has the same title and no arXiv id yet: taken as the same paper");
                }
                List<String> filled = new ArrayList<>();
                List<String> kept = new ArrayList<>();
                fill(doc.tree(), paper.fields(), "", filled, kept);
                conflicts += kept.size();
                List<String> parts = new ArrayList<>();
                if (!filled.isEmpty()) {
                    parts.add("filled " + String.join(", ", filled) + " from " + paper.source());
                }
                kept.forEach(k -> parts.add("kept " + k));
                report.add(parts.isEmpty() ? "unchanged " + doc.fileName() : doc.fileName() + ": " + String.join("; ", parts));
            }
            CuratorFiles.Doc write = new CuratorFiles.Doc(doc.fileName(), doc.content(), ordered(doc.tree()));
            pending.put(write.id(), write);
            paper.arxivId().ifPresent(a -> fileByArxiv.put(Keys.arxiv(a), write.id()));
        }
        return new Plan(List.copyOf(pending.values()), report, conflicts);
    }

    private static ObjectNode newDraft(Imported paper) {
        ObjectNode all = paper.fields().deepCopy();
        all.put("id", paper.id());
        all.put(PaperFile.STATUS, PaperFile.DRAFT);
        for (String field : RUSSIAN_FIELDS) {
            if (!all.has(field)) {
                if (field.equals("teaser") || field.equals("summary")) {
                    all.put(field, "");
                } else {
                    all.putArray(field);
                }
            }
        }
        return all;
    }

    /** The fields in {@link #ORDER}, then any others as they were. */
    private static ObjectNode ordered(ObjectNode tree) {
        ObjectNode ordered = JsonNodeFactory.instance.objectNode();
        ORDER.forEach(f -> {
            if (tree.has(f)) {
                ordered.set(f, tree.get(f));
            }
        });
        tree.properties().forEach(e -> {
            if (!ordered.has(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        return ordered;
    }

    /**
     * An arXiv preprint of a paper first imported from OpenReview or a digest: a draft without an arXiv id whose
     * title is the same, letter case and spacing aside (OpenReview and arXiv carry the authors' own title).
     */
    private static Optional<CuratorFiles.Doc> sameTitle(CuratorFiles files, Imported paper) {
        String title = titleKey(paper.fields().path("title").asText(""));
        return title.isEmpty() ? Optional.empty() : files.docs().stream()
                .filter(d -> !d.published() && isEmpty(d.tree().get("arxivId"))
                        && titleKey(d.tree().path("title").asText("")).equals(title))
                .findFirst();
    }

    private static String titleKey(String title) {
        return Keys.fold(title.strip().replaceAll("\\s+", " "));
    }

    /** Copies into {@code target} what it lacks; a differing value stays and is listed in {@code kept}. */
    private static void fill(ObjectNode target, ObjectNode source, String prefix, List<String> filled, List<String> kept) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode have = target.get(name);
            JsonNode offered = e.getValue();
            if (isEmpty(have)) {
                target.set(name, offered.deepCopy());
                filled.add(prefix + name);
            } else if (have.isObject() && offered.isObject()) {
                fill((ObjectNode) have, (ObjectNode) offered, prefix + name + ".", filled, kept);
            } else if (!have.equals(offered)) {
                kept.add(prefix + name + " as written (the source says " + abbreviate(offered) + ")");
            }
        }
    }

    static boolean isEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isTextual() && node.asText().isBlank()
                || node.isContainerNode() && node.isEmpty();
    }

    private static String abbreviate(JsonNode value) {
        String s = value.isTextual() ? "'" + value.asText() + "'" : value.toString();
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
