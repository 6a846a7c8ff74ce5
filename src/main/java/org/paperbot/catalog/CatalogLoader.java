package org.paperbot.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and strictly validates the catalog JSON. It reports all problems at once, each naming the paper
 * (number and id) and the field, so a broken file is fixed in one pass.
 */
public final class CatalogLoader {
    static final int MAX_PROBLEMS = 25;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern ARXIV_ID = Pattern.compile("\\d{4}\\.\\d{4,5}(v\\d+)?");
    /** Topics become hashtags and go into callback data (≤ 64 bytes), hence letters, digits, '_' and ≤ 28 chars. */
    private static final Pattern TOPIC = Pattern.compile("[\\p{L}\\p{N}_]{1,28}");
    /** Callback data "t:<page>:<topic>" must fit 64 bytes: 28 Cyrillic letters do, 28 CJK letters would not. */
    static final int MAX_TOPIC_BYTES = 56;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n]]");

    private static final Set<String> ROOT_FIELDS = Set.of("venues", "papers");
    private static final Set<String> VENUE_FIELDS = Set.of("name", "facts");
    private static final Set<String> PAPER_FIELDS = Set.of("id", "arxivId", "title", "authors", "venue", "track",
            "topics", "keywords", "teaser", "summary", "keyPoints", "links");
    private static final Set<String> LINK_FIELDS = Set.of("pdf", "openreview", "arxiv");

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public Catalog load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CatalogException(name, List.of("catalog file not found (set PAPERBOT_CATALOG or catalog.path)"));
        } catch (IOException e) {
            throw new CatalogException(name, List.of("cannot read catalog file: " + e.getMessage()));
        }
        return parse(name, bytes);
    }

    /** Parses catalog JSON; {@code name} is used in messages only. */
    public Catalog parse(String name, byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new CatalogException(name, List.of(where + "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new CatalogException(name, List.of("cannot read catalog: " + e.getMessage()));
        }
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            throw new CatalogException(name, List.of("the top level must be an object with \"papers\" (and optional \"venues\")"));
        }
        unknownFields(root, ROOT_FIELDS, "", problems);
        List<Venue> venues = readVenues(root.get("venues"), problems);
        List<Paper> papers = readPapers(root.get("papers"), problems);
        if (!problems.isEmpty()) {
            throw new CatalogException(name, problems.report());
        }
        return new Catalog(papers, venues);
    }

    private List<Venue> readVenues(JsonNode node, Problems problems) {
        List<Venue> venues = new ArrayList<>();
        if (node == null || node.isNull()) {
            return venues;
        }
        if (!node.isArray()) {
            problems.add("\"venues\" must be a list");
            return venues;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode v = node.get(i);
            Fields f = new Fields(v, "venue #" + (i + 1), problems);
            if (!f.isObject()) {
                continue;
            }
            unknownFields(v, VENUE_FIELDS, f.where + ": ", problems);
            String venueName = f.text("name", 60);
            List<String> facts = f.textList("facts", 0, 10, 300);
            if (venueName != null && facts != null) {
                venues.add(new Venue(venueName, facts));
            }
        }
        return venues;
    }

    private List<Paper> readPapers(JsonNode node, Problems problems) {
        List<Paper> papers = new ArrayList<>();
        if (node == null || !node.isArray()) {
            problems.add("\"papers\" must be a list of papers");
            return papers;
        }
        if (node.isEmpty()) {
            problems.add("\"papers\" is empty: the catalog needs at least one paper");
            return papers;
        }
        Map<String, Integer> seenIds = new HashMap<>();
        Map<String, Integer> seenArxiv = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode p = node.get(i);
            String label = "paper #" + (i + 1)
                    + (p != null && p.isObject() && p.path("id").isTextual() ? " (" + p.get("id").asText() + ")" : "");
            int number = i + 1;
            Fields f = new Fields(p, label, problems);
            if (!f.isObject()) {
                continue;
            }
            unknownFields(p, PAPER_FIELDS, label + ": ", problems);
            String id = f.matching("id", ID, "letters, digits, '_' or '-' (the OpenReview id)");
            Optional<String> arxivId = Optional.ofNullable(f.optionalMatching("arxivId", ARXIV_ID, "an arXiv id like 2310.10638"));
            String title = f.text("title", 300);
            List<String> authors = f.textList("authors", 1, 100, 100);
            String venue = f.text("venue", 60);
            String track = f.text("track", 40);
            List<String> topics = f.matchingList("topics", 1, 6, TOPIC,
                    "a tag of letters, digits or '_' up to 28 characters (it becomes a #hashtag)");
            topics = f.withinBytes("topics", topics, MAX_TOPIC_BYTES, "it goes into button data");
            List<String> keywords = f.optionalTextList("keywords", 20, 60);
            String teaser = f.text("teaser", 200);
            String summary = f.text("summary", 1500);
            List<String> keyPoints = f.textList("keyPoints", 1, 6, 300);
            PaperLinks links = readLinks(p.get("links"), label, p.hasNonNull("arxivId"), problems);

            if (id != null) {
                Integer first = seenIds.putIfAbsent(id, number);
                if (first != null) {
                    problems.add(label + ": id: duplicate of paper #" + first);
                }
            }
            arxivId.ifPresent(a -> {
                Integer first = seenArxiv.putIfAbsent(Keys.arxiv(a), number);
                if (first != null) {
                    problems.add(label + ": arxivId: " + a + " is also used by paper #" + first);
                }
            });
            if (id != null && title != null && authors != null && venue != null && track != null && topics != null
                    && keywords != null && teaser != null && summary != null && keyPoints != null && links != null
                    && problems.isEmpty()) {
                papers.add(new Paper(id, arxivId, title, authors, venue, track, topics, keywords, teaser, summary,
                        keyPoints, links));
            }
        }
        return papers;
    }

    private PaperLinks readLinks(JsonNode node, String label, boolean hasArxivId, Problems problems) {
        Fields f = new Fields(node, label + ": links", problems);
        if (node == null) {
            problems.add(label + ": links: missing (needs \"pdf\" and \"openreview\")");
            return null;
        }
        if (!f.isObject()) {
            return null;
        }
        unknownFields(node, LINK_FIELDS, label + ": links.", problems);
        URI pdf = f.url("pdf", true);
        URI openReview = f.url("openreview", true);
        URI arxiv = f.url("arxiv", false);
        if (arxiv != null && !hasArxivId) {
            problems.add(label + ": arxivId: missing while links.arxiv is given");
        }
        return pdf == null || openReview == null ? null : new PaperLinks(pdf, openReview, Optional.ofNullable(arxiv));
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String prefix, Problems problems) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                problems.add(prefix + n + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static final class Problems {
        final List<String> list = new ArrayList<>();
        int total;

        void add(String problem) {
            total++;
            if (list.size() < MAX_PROBLEMS) {
                list.add(problem);
            }
        }

        List<String> report() {
            if (total <= list.size()) {
                return list;
            }
            List<String> shown = new ArrayList<>(list);
            shown.add("… and " + (total - list.size()) + " more (fix these first)");
            return shown;
        }

        boolean isEmpty() {
            return list.isEmpty();
        }
    }

    /** Typed, validating access to the fields of one JSON object; each failure is recorded, never thrown. */
    private static final class Fields {
        final JsonNode node;
        final String where;
        final Problems problems;

        Fields(JsonNode node, String where, Problems problems) {
            this.node = node;
            this.where = where;
            this.problems = problems;
        }

        boolean isObject() {
            if (node == null || !node.isObject()) {
                problems.add(where + ": must be an object");
                return false;
            }
            return true;
        }

        String text(String field, int maxLength) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problems.add(where + ": " + field + ": missing");
                return null;
            }
            return checkText(field, v, maxLength);
        }

        String matching(String field, Pattern pattern, String expected) {
            String s = text(field, 200);
            return s == null ? null : checkPattern(field, s, pattern, expected);
        }

        String optionalMatching(String field, Pattern pattern, String expected) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            String s = checkText(field, v, 200);
            return s == null ? null : checkPattern(field, s, pattern, expected);
        }

        List<String> textList(String field, int min, int max, int maxLength) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problems.add(where + ": " + field + ": missing");
                return null;
            }
            return checkList(field, v, min, max, maxLength);
        }

        List<String> optionalTextList(String field, int max, int maxLength) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? List.of() : checkList(field, v, 0, max, maxLength);
        }

        List<String> matchingList(String field, int min, int max, Pattern pattern, String expected) {
            List<String> items = textList(field, min, max, 200);
            if (items == null) {
                return null;
            }
            for (String item : items) {
                if (checkPattern(field, item, pattern, expected) == null) {
                    return null;
                }
            }
            return items;
        }

        List<String> withinBytes(String field, List<String> items, int maxBytes, String why) {
            if (items == null) {
                return null;
            }
            for (String item : items) {
                int bytes = item.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > maxBytes) {
                    problems.add(where + ": " + field + ": '" + item + "' is " + bytes + " bytes in UTF-8, at most "
                            + maxBytes + " allowed (" + why + ")");
                    return null;
                }
            }
            return items;
        }

        URI url(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problems.add(where + "." + field + ": missing");
                }
                return null;
            }
            String s = v.isTextual() ? v.asText().strip() : null;
            try {
                URI uri = s == null ? null : new URI(s);
                String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (uri != null && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            problems.add(where + "." + field + ": '" + (s == null ? v.toString() : s) + "' is not a valid http(s) URL");
            return null;
        }

        private String checkText(String field, JsonNode v, int maxLength) {
            if (!v.isTextual()) {
                problems.add(where + ": " + field + ": must be text, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
                return null;
            }
            String s = v.asText().strip();
            if (s.isEmpty()) {
                problems.add(where + ": " + field + ": must not be empty");
                return null;
            }
            if (s.length() > maxLength) {
                problems.add(where + ": " + field + ": " + s.length() + " characters, at most " + maxLength + " allowed");
                return null;
            }
            if (CONTROL.matcher(s).find()) {
                problems.add(where + ": " + field + ": contains control characters");
                return null;
            }
            return s;
        }

        private String checkPattern(String field, String s, Pattern pattern, String expected) {
            if (!pattern.matcher(s).matches()) {
                problems.add(where + ": " + field + ": '" + s + "' is not " + expected);
                return null;
            }
            return s;
        }

        private List<String> checkList(String field, JsonNode v, int min, int max, int maxLength) {
            if (!v.isArray()) {
                problems.add(where + ": " + field + ": must be a list");
                return null;
            }
            if (v.size() < min || v.size() > max) {
                problems.add(where + ": " + field + ": has " + v.size() + " items, expected " + min + " to " + max);
                return null;
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                String s = checkText(field + "[" + i + "]", v.get(i), maxLength);
                if (s == null) {
                    return null;
                }
                items.add(s);
            }
            return items;
        }
    }
}
