package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.RussianLint;
import org.paperbot.render.CardRenderer;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code catalog check} and {@code publish} require: everything the loader validates, the Russian lint of every
 * text a reader sees, and a card that shows the whole summary and every key point. Every finding reads
 * {@code file:line: field: problem}.
 */
public final class CatalogCheck {
    /** Texts a reader sees, by field; titles are included since a look-alike letter there breaks search too. */
    private static final List<String> READER_TEXT = List.of("title", "teaser", "summary", "keyPoints", "topics");

    private final CatalogLoader loader;
    private final RussianLint lint;
    private final CardRenderer cards;

    public CatalogCheck(CatalogLoader loader, RussianLint lint, Texts texts) {
        this.loader = loader;
        this.lint = lint;
        this.cards = new CardRenderer(texts);
    }

    /** What {@link #all} found, and how many paper files are published and how many drafts. */
    public record Report(List<String> findings, int published, int drafts) {
    }

    /**
     * All findings for a catalog directory, loader problems first. The loader streams the directory and the files
     * are then linted one at a time, so a directory of a hundred thousand papers is never in the heap at once.
     */
    public Report all(Path dir) {
        List<String> findings = new ArrayList<>();
        try {
            loader.stream(dir, (paper, publishedOn) -> { });
        } catch (CatalogException e) {
            findings.addAll(e.problems());
        }
        int published = 0;
        int drafts = 0;
        for (Iterator<Map.Entry<String, byte[]>> files = CatalogLoader.eachFile(dir); files.hasNext(); ) {
            Map.Entry<String, byte[]> file = files.next();
            findings.addAll(ofFile(file.getKey(), file.getValue(), false));
            if (!PaperFile.isVenues(file.getKey())) {
                if (isPublished(file.getKey(), file.getValue())) {
                    published++;
                } else {
                    drafts++;
                }
            }
        }
        return new Report(findings, published, drafts);
    }

    private static boolean isPublished(String name, byte[] bytes) {
        try {
            JsonNode tree = PaperFile.mapperFor(name).readTree(bytes);
            return tree != null && PaperFile.PUBLISHED.equals(tree.path(PaperFile.STATUS).asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Findings for one file as it would be published: the paper must be complete. */
    public List<String> forPublishing(String dirName, Map<String, byte[]> files, String name) {
        List<String> findings = new ArrayList<>();
        for (String problem : loaderProblems(dirName, files)) {
            if (problem.startsWith(name + ":")) {
                findings.add(problem);
            }
        }
        findings.addAll(ofFile(name, files.get(name), true));
        return findings;
    }

    private List<String> loaderProblems(String dirName, Map<String, byte[]> files) {
        try {
            loader.parseDirectory(dirName, files);
            return List.of();
        } catch (CatalogException e) {
            return e.problems();
        }
    }

    private List<String> ofFile(String name, byte[] bytes, boolean complete) {
        JsonNode tree;
        try {
            tree = PaperFile.mapperFor(name).readTree(bytes);
        } catch (IOException e) {
            return List.of(); // the loader has reported it with its line
        }
        if (tree == null) {
            return List.of();
        }
        Map<String, Integer> lines = PaperFile.lines(name, bytes);
        List<String> findings = new ArrayList<>();
        Map<String, String> texts = new TreeMap<>();
        if (PaperFile.isVenues(name)) {
            JsonNode venues = tree.path(PaperFile.VENUES);
            for (int v = 0; v < venues.size(); v++) {
                collect(venues.get(v).path("facts"), PaperFile.VENUES + "[" + v + "].facts", texts);
            }
        } else {
            READER_TEXT.forEach(field -> collect(tree.path(field), field, texts));
        }
        // In file order, so findings read top to bottom like the file.
        texts.entrySet().stream().sorted(Comparator.comparingInt(e -> PaperFile.lineOf(lines, e.getKey())))
                .forEach(e -> lint.check(e.getKey(), e.getValue()).forEach(finding ->
                        findings.add(name + ":" + PaperFile.lineOf(lines, e.getKey()) + ": " + finding)));
        if (!PaperFile.isVenues(name) && (complete || PaperFile.PUBLISHED.equals(tree.path(PaperFile.STATUS).asText()))) {
            try {
                Paper paper = loader.readPaperFile(name, bytes);
                fit(paper).ifPresent(problem -> findings.add(name + ":" + PaperFile.lineOf(lines, "summary") + ": card: " + problem));
            } catch (CatalogException e) {
                if (complete) {
                    e.problems().stream().filter(p -> !findings.contains(p)).forEach(findings::add);
                }
            }
        }
        return findings;
    }

    /** Visible characters a card may take: a message, less room for a header such as «Статья дня». */
    public static final int CARD_BUDGET = Html.MAX_MESSAGE_LENGTH - CardRenderer.HEADER_RESERVE;

    /** Why the card cannot show everything, if it cannot: the renderer then drops key points and cuts the summary. */
    public Optional<String> fit(Paper paper) {
        String plain = Html.toPlain(cards.render(paper));
        long dropped = paper.keyPoints().stream().filter(k -> !plain.contains(k)).count();
        boolean cut = !plain.contains(paper.summary());
        if (dropped == 0 && !cut) {
            return Optional.empty();
        }
        List<String> lost = new ArrayList<>();
        if (cut) {
            lost.add("the summary is shortened");
        }
        if (dropped > 0) {
            lost.add(dropped + " key point(s) left out");
        }
        return Optional.of("does not fit the " + CARD_BUDGET + " visible characters of a card (" + String.join(", ", lost)
                + "); shorten the summary or the key points");
    }

    /** Visible characters of the card as rendered. */
    public int visibleLength(Paper paper) {
        return Html.visibleLength(cards.render(paper));
    }

    private static void collect(JsonNode node, String path, Map<String, String> into) {
        if (node.isTextual()) {
            into.put(path, node.asText());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", into);
            }
        }
    }
}
