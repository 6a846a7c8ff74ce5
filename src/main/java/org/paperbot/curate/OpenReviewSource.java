package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.PaperRef;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Papers from the OpenReview API v2 ({@code /notes?id=…}, every field as {@code content.<name>.value}). A rejected,
 * withdrawn or desk-rejected submission is skipped with a message naming it; the others are imported.
 */
public final class OpenReviewSource {
    public static final String DEFAULT_URL = "https://api2.openreview.net";
    /** Where readers open a paper: the site, not the API host. */
    static final String SITE = "https://openreview.net";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final List<String> NOT_ACCEPTED = List.of("/Rejected_Submission", "/Withdrawn_Submission",
            "/Desk_Rejected_Submission");

    /** What an import got: papers to merge, and one line for each skipped note. */
    public record Result(List<Imported> papers, List<String> skipped) {
    }

    private final Http http;
    private final URI base;
    private final Optional<String> token;
    private final ObjectMapper json = new ObjectMapper();

    public OpenReviewSource(Http http, URI base, Optional<String> token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** Every id must name a note; a bad answer or an unknown id fails the whole import. */
    public Result fetch(List<String> refs) {
        Set<String> ids = new LinkedHashSet<>();
        for (String ref : refs) {
            Optional<PaperRef> parsed = PaperRef.parse(ref);
            if (parsed.isPresent() && parsed.get() instanceof PaperRef.OpenReview openReview) {
                ids.add(openReview.id());
            } else if (ID.matcher(ref).matches()) {
                ids.add(ref);
            } else {
                throw new CurateException("'" + ref + "' is not an OpenReview id or link (like y01KGvd9Bw or "
                        + SITE + "/forum?id=y01KGvd9Bw)");
            }
        }
        List<Imported> papers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> headers = token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
        for (String id : ids) {
            URI uri = base.resolve("/notes?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            JsonNode note = note(id, http.get("OpenReview", uri, headers));
            String venueId = value(note, "venueid").orElse("");
            Optional<String> refusal = NOT_ACCEPTED.stream().filter(venueId::endsWith).findFirst();
            if (refusal.isPresent()) {
                skipped.add("skipped " + id + " (" + value(note, "title").orElse("untitled") + "): "
                        + refusal.get().substring(1).replace('_', ' ').toLowerCase(Locale.ROOT)
                        + " (venueid " + venueId + ")");
                continue;
            }
            papers.add(toImported(id, note));
        }
        return new Result(papers, skipped);
    }

    private JsonNode note(String id, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new CurateException("OpenReview: malformed JSON in the answer for " + id + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode notes = root == null ? null : root.get("notes");
        if (notes == null || !notes.isArray()) {
            throw new CurateException("OpenReview: the answer for " + id + " has no \"notes\" list");
        }
        for (JsonNode note : notes) {
            if (id.equals(note.path("id").asText())) {
                return note;
            }
        }
        throw new CurateException("OpenReview: no such note: " + id);
    }

    private static Imported toImported(String id, JsonNode note) {
        String title = value(note, "title").orElseThrow(() -> missing(id, "title"));
        List<String> authors = values(note, "authors");
        if (authors.isEmpty()) {
            throw missing(id, "authors");
        }
        String forum = note.path("forum").asText(id).isBlank() ? id : note.path("forum").asText(id);
        ObjectNode f = JsonNodeFactory.instance.objectNode();
        f.put("title", title);
        authors.forEach(f.putArray("authors")::add);
        value(note, "venue").map(Track::of).ifPresent(t -> {
            t.venue().ifPresent(v -> f.put("venue", v));
            t.track().ifPresent(v -> f.put("track", v));
        });
        List<String> keywords = values(note, "keywords");
        if (!keywords.isEmpty()) {
            keywords.stream().limit(20).forEach(f.putArray("keywords")::add);
        }
        ObjectNode links = f.putObject("links");
        // content.pdf names the upload ("/pdf/3f2….pdf"); the stable address of a note's PDF is /pdf?id=, as a digest
        // writes it too, so the two sources agree. No upload, no PDF link.
        value(note, "pdf").ifPresent(p -> links.put("pdf", SITE + "/pdf?id=" + id));
        links.put("openreview", SITE + "/forum?id=" + forum);
        value(note, "abstract").ifPresent(a -> f.put(PaperFile.ABSTRACT, a));
        value(note, "TL;DR").ifPresent(t -> f.put(PaperFile.TLDR, t));
        return new Imported(id, Optional.empty(), f, "OpenReview");
    }

    private static CurateException missing(String id, String field) {
        return new CurateException("OpenReview: note " + id + " has no content." + field + ".value");
    }

    private static Optional<String> value(JsonNode note, String field) {
        JsonNode v = note.path("content").path(field).path("value");
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText().strip()) : Optional.empty();
    }

    private static List<String> values(JsonNode note, String field) {
        JsonNode v = note.path("content").path(field).path("value");
        List<String> items = new ArrayList<>();
        v.forEach(item -> {
            if (item.isTextual() && !item.asText().isBlank()) {
                items.add(item.asText().strip());
            }
        });
        return items;
    }
}
