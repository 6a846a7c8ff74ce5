package org.paperbot.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.util.ClassUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and strictly validates the catalog: one JSON file ({@code papers.json}) or a directory with one file per
 * paper ({@link PaperFile}). It reports all problems at once, each naming the paper (number and id, or file and
 * line) and the field, so a broken catalog is fixed in one pass.
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

    /**
     * Catalog text longer than this in one string is refused as malformed, with its line and column: far above any
     * field's own limit (a summary is 1 500 characters, curators' notes 20 000), far below the heap, so a hostile file
     * gets a clear error and never an OutOfMemoryError.
     */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** The same bound on nesting: a catalog is four levels deep. */
    static final int MAX_NESTING_DEPTH = 64;

    /** Reads single values (one paper, the venues) from a stream that goes on after them. */
    private final ObjectMapper treeMapper = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(constraints())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Receives the papers a load validates, one at a time in file order; nothing keeps them unless it does. */
    @FunctionalInterface
    public interface PaperSink {
        /** {@code publishedOn}: the date a catalog directory records; null for papers.json. */
        void accept(Paper paper, LocalDate publishedOn);
    }

    static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH).build();
    }

    /** Loads a catalog directory if {@code file} is one, else the single catalog file, into the heap. */
    public Catalog load(Path file) {
        InHeap papers = new InHeap();
        List<Venue> venues = stream(file, papers);
        return papers.catalog(venues);
    }

    /**
     * Validates the catalog at {@code file} (a directory or papers.json) reading one paper at a time, handing each
     * valid paper to {@code sink} until a problem is found; returns the venues. Throws, naming every problem, if
     * anything is wrong: what the sink got is then not a catalog.
     */
    public List<Venue> stream(Path file, PaperSink sink) {
        if (Files.isDirectory(file)) {
            return streamDirectory(file.toString(), eachFile(file), sink);
        }
        String name = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return streamJson(name, in, sink);
        } catch (NoSuchFileException e) {
            throw new CatalogException(name, List.of("catalog file not found (set PAPERBOT_CATALOG or catalog.path)"));
        } catch (IOException e) {
            throw new CatalogException(name, List.of("cannot read catalog file: " + e.getMessage()));
        }
    }

    /** Parses catalog JSON; {@code name} is used in messages only. */
    public Catalog parse(String name, byte[] json) {
        InHeap papers = new InHeap();
        try {
            return papers.catalog(streamJson(name, new ByteArrayInputStream(json), papers));
        } catch (IOException e) {
            throw new CatalogException(name, List.of("cannot read catalog: " + e.getMessage()));
        }
    }

    /**
     * papers.json with Jackson's streaming parser: the venues and each paper are read as small trees and validated as
     * they come, so the heap never holds more than one paper of the file. Problems are reported in the order a whole
     * tree gave them: the top level's, the venues', then the papers'. Malformed JSON anywhere is the only problem
     * reported, as before.
     */
    private List<Venue> streamJson(String name, InputStream in, PaperSink sink) throws IOException {
        Problems rootProblems = new Problems();
        Problems venueProblems = new Problems();
        Problems paperProblems = new Problems();
        List<Venue> venues = List.of();
        try (JsonParser p = treeMapper.getFactory().createParser(in)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first != null) {
                    p.skipChildren(); // malformed JSON inside is still reported as such
                    noTrailingTokens(p);
                }
                throw new CatalogException(name, List.of("the top level must be an object with \"papers\" (and optional \"venues\")"));
            }
            ObjectNode fields = treeMapper.createObjectNode();
            boolean papersGiven = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                fields.putNull(field);
                if (field.equals("venues")) {
                    venues = readVenues(treeMapper.readTree(p), i -> path -> "venue #" + (i + 1), venueProblems);
                } else if (field.equals("papers") && value == JsonToken.START_ARRAY) {
                    papersGiven = true;
                    streamPapers(p, paperProblems, () -> venueProblems.isEmpty(), sink);
                } else {
                    p.skipChildren();
                }
            }
            noTrailingTokens(p);
            new Fields(fields, path -> "", "", rootProblems).unknown(ROOT_FIELDS);
            if (!papersGiven) {
                paperProblems.add("\"papers\" must be a list of papers");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new CatalogException(name, List.of(where + "malformed JSON: " + e.getOriginalMessage()));
        }
        Problems problems = Problems.joined(rootProblems, venueProblems, paperProblems);
        if (!problems.isEmpty()) {
            throw new CatalogException(name, problems.report());
        }
        return venues;
    }

    /** What {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS} said when the whole file was read as one tree. */
    private static void noTrailingTokens(JsonParser p) throws IOException {
        JsonToken trailing = p.nextToken();
        if (trailing != null) {
            throw MismatchedInputException.from(p, JsonNode.class, String.format(
                    "Trailing token (of type %s) found after value (bound as %s): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                    trailing, ClassUtil.nameOf(JsonNode.class)));
        }
    }

    /** The elements of "papers", the parser at its '['; each valid paper goes to the sink while nothing is wrong. */
    private void streamPapers(JsonParser parser, Problems problems, BooleanSupplier othersValid, PaperSink sink)
            throws IOException {
        Map<String, String> seenIds = new HashMap<>();
        Map<String, String> seenArxiv = new HashMap<>();
        int i = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonNode p = treeMapper.readTree(parser);
            String label = "paper #" + (i + 1)
                    + (p != null && p.isObject() && p.path("id").isTextual() ? " (" + p.get("id").asText() + ")" : "");
            String first = "paper #" + (i + 1);
            Paper paper = readPaper(new Fields(p, path -> label, "", problems), PAPER_FIELDS, first, seenIds, seenArxiv);
            if (paper != null && problems.isEmpty() && othersValid.getAsBoolean()) {
                sink.accept(paper, null);
            }
            i++;
        }
        if (i == 0) {
            problems.add("\"papers\" is empty: the catalog needs at least one paper");
        }
    }

    /** Keeps what a load streams, in the heap: the form of small catalogs and of tests. */
    private static final class InHeap implements PaperSink {
        final List<Paper> papers = new ArrayList<>();
        final Map<String, LocalDate> publishedOn = new HashMap<>();

        @Override
        public void accept(Paper paper, LocalDate published) {
            papers.add(paper);
            if (published != null) {
                publishedOn.put(paper.id(), published);
            }
        }

        /** A directory's papers in the order they were published (then by id); papers.json's in file order. */
        Catalog catalog(List<Venue> venues) {
            if (publishedOn.isEmpty()) {
                return new Catalog(papers, venues);
            }
            papers.sort(Comparator.comparing((Paper p) -> publishedOn.get(p.id())).thenComparing(Paper::id));
            return new Catalog(papers, venues, publishedOn);
        }
    }

    private List<Venue> readVenues(JsonNode node, IntFunction<Origin> origins, Problems problems) {
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
            Fields f = new Fields(v, origins.apply(i), "", problems);
            if (!f.isObject()) {
                continue;
            }
            f.unknown(VENUE_FIELDS);
            String venueName = f.text("name", 60);
            List<String> facts = f.textList("facts", 0, 10, 300);
            if (venueName != null && facts != null) {
                venues.add(new Venue(venueName, facts));
            }
        }
        return venues;
    }

    /**
     * One paper's fields, fully validated; null if any is wrong. {@code name} is how other papers' problems refer
     * to this one; {@code seenIds} and {@code seenArxiv} catch duplicates across the catalog.
     */
    private Paper readPaper(Fields f, Set<String> allowed, String name, Map<String, String> seenIds,
                            Map<String, String> seenArxiv) {
        if (!f.isObject()) {
            return null;
        }
        JsonNode p = f.node;
        f.unknown(allowed);
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
        PaperLinks links = readLinks(f.child("links"), p.hasNonNull("arxivId"));

        if (id != null) {
            String first = seenIds.putIfAbsent(id, name);
            if (first != null) {
                f.problem("id", "duplicate of " + first);
            }
        }
        arxivId.ifPresent(a -> {
            String first = seenArxiv.putIfAbsent(Keys.arxiv(a), name);
            if (first != null) {
                f.problem("arxivId", a + " is also used by " + first);
            }
        });
        if (id != null && title != null && authors != null && venue != null && track != null && topics != null
                && keywords != null && teaser != null && summary != null && keyPoints != null && links != null) {
            return new Paper(id, arxivId, title, authors, venue, track, topics, keywords, teaser, summary, keyPoints, links);
        }
        return null;
    }

    private PaperLinks readLinks(Fields f, boolean hasArxivId) {
        if (f.node == null) {
            f.problem("", "missing (needs \"pdf\" and \"openreview\" or \"arxiv\")");
            return null;
        }
        if (!f.isObject()) {
            return null;
        }
        f.unknown(LINK_FIELDS);
        URI pdf = f.url("pdf", true);
        // A preprint imported from arXiv has no OpenReview forum; a paper needs one of the two pages besides its PDF.
        URI openReview = f.url("openreview", false);
        URI arxiv = f.url("arxiv", false);
        if (arxiv != null && !hasArxivId) {
            f.parent.problem("arxivId", "missing while links.arxiv is given");
        }
        boolean given = f.node.hasNonNull("openreview") || f.node.hasNonNull("arxiv"); // else a bad URL was reported
        if (!given) {
            f.problem("openreview", "missing (a paper needs an \"openreview\" or an \"arxiv\" link)");
            return null;
        }
        return pdf == null || (openReview == null && arxiv == null) ? null
                : new PaperLinks(pdf, Optional.ofNullable(openReview), Optional.ofNullable(arxiv));
    }

    /** The catalog directory's files by name: papers and venues, in name order (see {@link PaperFile}). */
    public static Map<String, byte[]> readDirectory(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        eachFile(dir).forEachRemaining(file -> files.put(file.getKey(), file.getValue()));
        return files;
    }

    /**
     * The same, each file read only when the iteration reaches it, so that a large directory is never in the heap at
     * once.
     */
    public static Iterator<Map.Entry<String, byte[]>> eachFile(Path dir) {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String fileName = entry.getFileName().toString();
                // Files.isRegularFile follows links, which is how a Kubernetes ConfigMap presents its files.
                if (PaperFile.stem(fileName).isPresent() && Files.isRegularFile(entry)) {
                    paths.add(entry);
                }
            }
        } catch (IOException e) {
            throw new CatalogException(dir.toString(), List.of("cannot read the catalog directory: " + e.getMessage()));
        }
        paths.sort(Comparator.comparing(path -> path.getFileName().toString()));
        Iterator<Path> each = paths.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return each.hasNext();
            }

            @Override
            public Map.Entry<String, byte[]> next() {
                Path path = each.next();
                try {
                    return Map.entry(path.getFileName().toString(), Files.readAllBytes(path));
                } catch (IOException e) {
                    throw new CatalogException(dir.toString(), List.of("cannot read the catalog directory: " + e.getMessage()));
                }
            }
        };
    }

    /**
     * Parses a catalog directory's files ({@code name} is used in messages only). Drafts are checked for what they
     * have and left out: readers only ever see published papers, in the order they were published (then by id),
     * so a newly published paper joins the end of /list and never renumbers the others.
     */
    public Catalog parseDirectory(String name, Map<String, byte[]> files) {
        InHeap papers = new InHeap();
        return papers.catalog(streamDirectory(name, files.entrySet().iterator(), papers));
    }

    /**
     * A catalog directory's files in name order, one at a time: each published paper goes to the sink (with its date)
     * while nothing is wrong; returns the venues. The sink orders them (see {@link InHeap#catalog}).
     */
    private List<Venue> streamDirectory(String name, Iterator<Map.Entry<String, byte[]>> files, PaperSink sink) {
        Problems problems = new Problems();
        List<Venue> venues = new ArrayList<>();
        Map<String, String> seenIds = new HashMap<>();
        Map<String, String> seenArxiv = new HashMap<>();
        int published = 0;
        while (files.hasNext()) {
            Map.Entry<String, byte[]> file = files.next();
            String fileName = file.getKey();
            JsonNode root = tree(fileName, file.getValue(), problems);
            if (root == null) {
                continue;
            }
            Map<String, Integer> lines = PaperFile.lines(fileName, file.getValue());
            Fields f = new Fields(root, path -> fileName + ":" + PaperFile.lineOf(lines, path), "", problems);
            if (PaperFile.isVenues(fileName)) {
                if (f.isObject()) {
                    f.unknown(Set.of(PaperFile.VENUES));
                    venues.addAll(readVenues(root.get(PaperFile.VENUES), i -> path -> fileName + ":"
                            + PaperFile.lineOf(lines, "venues[" + i + "]" + (path.isEmpty() ? "" : "." + path)), problems));
                }
                continue;
            }
            if (!f.isObject()) {
                continue;
            }
            String stem = PaperFile.stem(fileName).orElseThrow();
            if (!root.has("id")) {
                ((ObjectNode) root).put("id", stem);
            } else if (root.get("id").isTextual() && !root.get("id").asText().strip().equals(stem)) {
                f.problem("id", "'" + root.get("id").asText() + "' differs from the file name " + fileName);
                continue;
            }
            String status = f.text(PaperFile.STATUS, 20);
            LocalDate publishedAt = f.date(PaperFile.PUBLISHED_AT);
            f.optionalText(PaperFile.ABSTRACT, 10_000);
            f.optionalText(PaperFile.TLDR, 1_000);
            f.optionalText(PaperFile.NOTES, 20_000);
            f.optionalText(PaperFile.JOURNAL_REF, 300);
            f.date(PaperFile.ARXIV_PUBLISHED);
            f.optionalTextList(PaperFile.CATEGORIES, 20, 40);
            if (PaperFile.DRAFT.equals(status)) {
                Set<String> allowed = new HashSet<>(PAPER_FIELDS);
                allowed.addAll(PaperFile.CURATOR_FIELDS);
                f.unknown(allowed);
            } else if (PaperFile.PUBLISHED.equals(status)) {
                if (publishedAt == null && !root.hasNonNull(PaperFile.PUBLISHED_AT)) {
                    f.problem(PaperFile.PUBLISHED_AT, "missing (the date the paper was published, like 2026-12-01)");
                }
                Paper paper = readPaperFile(f, fileName, seenIds, seenArxiv);
                if (paper != null && publishedAt != null) {
                    published++;
                    if (problems.isEmpty()) {
                        sink.accept(paper, publishedAt);
                    }
                }
            } else if (status != null) {
                f.problem(PaperFile.STATUS, "'" + status + "' is not draft or published");
            }
        }
        if (problems.isEmpty() && published == 0) {
            problems.add("no published papers: the catalog needs at least one file with status: published");
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(name, problems.report());
        }
        return venues;
    }

    /**
     * One paper file validated as readers would get it, whatever its status: what {@code publish} requires and
     * what {@code preview} renders.
     */
    public Paper readPaperFile(String fileName, byte[] content) {
        Problems problems = new Problems();
        JsonNode root = tree(fileName, content, problems);
        Map<String, Integer> lines = PaperFile.lines(fileName, content);
        Fields f = new Fields(root, path -> fileName + ":" + PaperFile.lineOf(lines, path), "", problems);
        if (root != null && root.isObject() && !root.has("id")) {
            ((ObjectNode) root).put("id", PaperFile.stem(fileName).orElse(""));
        }
        Paper paper = root == null ? null : readPaperFile(f, fileName, new HashMap<>(), new HashMap<>());
        if (!problems.isEmpty() || paper == null) {
            throw new CatalogException(fileName, problems.report());
        }
        return paper;
    }

    private Paper readPaperFile(Fields f, String fileName, Map<String, String> seenIds, Map<String, String> seenArxiv) {
        Set<String> allowed = new HashSet<>(PAPER_FIELDS);
        allowed.addAll(PaperFile.CURATOR_FIELDS);
        return readPaper(f, allowed, fileName, seenIds, seenArxiv);
    }

    private JsonNode tree(String fileName, byte[] content, Problems problems) {
        try {
            JsonNode root = PaperFile.mapperFor(fileName).readTree(content);
            if (root == null || root.isMissingNode()) {
                problems.add(fileName + ":1: the file is empty");
                return null;
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            problems.add(fileName + ":" + line + ": malformed " + (PaperFile.isJson(fileName) ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            problems.add(fileName + ": cannot read: " + e.getMessage());
        }
        return null;
    }

    /** Where a problem is: a label for the paper ("paper #2 (p2)"), or the file and line of the field. */
    @FunctionalInterface
    private interface Origin {
        String at(String path);
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

        /** The problems of each part in turn, as if one list had collected them all in that order. */
        static Problems joined(Problems... parts) {
            Problems all = new Problems();
            for (Problems part : parts) {
                part.list.forEach(all::add);
                all.total += part.total - part.list.size();
            }
            return all;
        }
    }

    /** Typed, validating access to the fields of one JSON object; each failure is recorded, never thrown. */
    private static final class Fields {
        final JsonNode node;
        final Origin origin;
        /** The path of this object in its file: "" for the paper itself, "links" for its links. */
        final String path;
        final Problems problems;
        final Fields parent;

        Fields(JsonNode node, Origin origin, String path, Problems problems) {
            this(node, origin, path, problems, null);
        }

        private Fields(JsonNode node, Origin origin, String path, Problems problems, Fields parent) {
            this.node = node;
            this.origin = origin;
            this.path = path;
            this.problems = problems;
            this.parent = parent;
        }

        Fields child(String field) {
            return new Fields(node.get(field), origin, field, problems, this);
        }

        /** Records "origin: path.field: message" (just "origin: message" for the object itself). */
        void problem(String field, String message) {
            String full = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
            String where = origin.at(full);
            problems.add((where.isEmpty() ? "" : where + ": ") + (full.isEmpty() ? "" : full + ": ") + message);
        }

        boolean isObject() {
            if (node == null || !node.isObject()) {
                problem("", "must be an object");
                return false;
            }
            return true;
        }

        void unknown(Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!allowed.contains(n)) {
                    problem(n, "unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        String text(String field, int maxLength) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                problem(field, "missing");
                return null;
            }
            return checkText(field, v, maxLength);
        }

        String optionalText(String field, int maxLength) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() || v.isTextual() && v.asText().isBlank() ? null : checkText(field, v, maxLength);
        }

        LocalDate date(String field) {
            String s = optionalText(field, 40);
            if (s == null) {
                return null;
            }
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                problem(field, "'" + s + "' is not a date like 2026-12-01");
                return null;
            }
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
                problem(field, "missing");
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
                    problem(field, "'" + item + "' is " + bytes + " bytes in UTF-8, at most " + maxBytes + " allowed (" + why + ")");
                    return null;
                }
            }
            return items;
        }

        URI url(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problem(field, "missing");
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
            problem(field, "'" + (s == null ? v.toString() : s) + "' is not a valid http(s) URL");
            return null;
        }

        private String checkText(String field, JsonNode v, int maxLength) {
            if (!v.isTextual()) {
                problem(field, "must be text, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
                return null;
            }
            String s = v.asText().strip();
            if (s.isEmpty()) {
                problem(field, "must not be empty");
                return null;
            }
            if (s.length() > maxLength) {
                problem(field, s.length() + " characters, at most " + maxLength + " allowed");
                return null;
            }
            if (CONTROL.matcher(s).find()) {
                problem(field, "contains control characters");
                return null;
            }
            return s;
        }

        private String checkPattern(String field, String s, Pattern pattern, String expected) {
            if (!pattern.matcher(s).matches()) {
                problem(field, "'" + s + "' is not " + expected);
                return null;
            }
            return s;
        }

        private List<String> checkList(String field, JsonNode v, int min, int max, int maxLength) {
            if (!v.isArray()) {
                problem(field, "must be a list");
                return null;
            }
            if (v.size() < min || v.size() > max) {
                problem(field, "has " + v.size() + " items, expected " + min + " to " + max);
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
