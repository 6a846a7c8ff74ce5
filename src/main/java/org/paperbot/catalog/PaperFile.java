package org.paperbot.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The catalog directory's file conventions, shared by the loader and the curator's tools: one paper per file named
 * by its id ({@code <id>.yaml}, {@code .yml} or {@code .json}), venues in {@code venues.yaml}, and the fields only
 * curators see. Files whose names start with '.' are not catalog files: Kubernetes keeps a ConfigMap's real files
 * in {@code ..data} and {@code ..<timestamp>} beside the links to them.
 */
public final class PaperFile {
    public static final String STATUS = "status";
    public static final String DRAFT = "draft";
    public static final String PUBLISHED = "published";
    public static final String PUBLISHED_AT = "published_at";
    /** The English abstract, kept for whoever writes the Russian text; never shown to readers. */
    public static final String ABSTRACT = "abstract";
    public static final String TLDR = "tldr";
    public static final String CATEGORIES = "categories";
    public static final String JOURNAL_REF = "journal_ref";
    /** Free text for curators (a digest's paragraphs, say); never shown to readers. */
    public static final String NOTES = "notes";
    /** When arXiv first listed the preprint (its Atom {@code published}), for reference. */
    public static final String ARXIV_PUBLISHED = "arxiv_published";
    /** Fields a paper file may have beyond those of {@code papers.json}. */
    public static final Set<String> CURATOR_FIELDS = Set.of(STATUS, PUBLISHED_AT, ABSTRACT, TLDR, CATEGORIES,
            JOURNAL_REF, NOTES, ARXIV_PUBLISHED);
    public static final String VENUES = "venues";

    private static final Pattern NAME = Pattern.compile("(.+)\\.(yaml|yml|json)", Pattern.CASE_INSENSITIVE);

    private PaperFile() {
    }

    /** The paper id a file name stands for ({@code y01KGvd9Bw.yaml} → {@code y01KGvd9Bw}); empty for other files. */
    public static Optional<String> stem(String fileName) {
        var m = NAME.matcher(fileName);
        return fileName.startsWith(".") || !m.matches() ? Optional.empty() : Optional.of(m.group(1));
    }

    public static boolean isVenues(String fileName) {
        return stem(fileName).filter(VENUES::equals).isPresent();
    }

    public static boolean isJson(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** A strict reader for the file's format: duplicate keys and trailing content are errors, as in papers.json. */
    public static ObjectMapper mapperFor(String fileName) {
        JsonFactory factory = isJson(fileName) ? new JsonFactory() : YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                // An unquoted 2310.10630 is the number 2310.1063 to YAML: ids that look like numbers stay quoted.
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
        factory.setStreamReadConstraints(CatalogLoader.constraints()); // a hostile file: a clear error, not the heap
        return new ObjectMapper(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The line where each field starts, by JSON pointer ({@code /links/pdf}, {@code /keyPoints/2}), so a problem can
     * name {@code file:line}. Jackson reports token locations for YAML as for JSON.
     */
    public static Map<String, Integer> lines(String fileName, byte[] content) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = mapperFor(fileName).getFactory().createParser(content)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonLocation at = p.currentTokenLocation();
                String pointer = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
                        ? p.getParsingContext().getParent() == null ? "" : p.getParsingContext().getParent().pathAsPointer().toString()
                        : p.getParsingContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, at.getLineNr());
            }
        } catch (IOException e) {
            // A malformed file is reported by the loader with its own location; the lines found so far stay.
        }
        return lines;
    }

    /** The line of a field path as problems name it ({@code links.pdf}, {@code keyPoints[2]}), or of its parent. */
    public static int lineOf(Map<String, Integer> lines, String path) {
        String pointer = path.isEmpty() ? "" : "/" + path.replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
        while (true) {
            Integer line = lines.get(pointer);
            if (line != null) {
                return line;
            }
            if (pointer.isEmpty()) {
                return 1;
            }
            pointer = JsonPointer.compile(pointer).head() == null ? "" : JsonPointer.compile(pointer).head().toString();
        }
    }
}
