package org.paperbot.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of the catalog: papers in file order plus lookups built once. */
public final class Catalog {
    /** A topic tag and how many papers carry it. */
    public record TopicCount(String topic, int count) {
    }

    private final List<Paper> papers;
    private final List<Venue> venues;
    private final Map<String, Integer> positionById;
    private final Map<String, Integer> positionByArxivId;
    private final Map<String, List<Paper>> papersByTopicKey;
    private final List<TopicCount> topics;
    private final Map<String, LocalDate> publishedOn;

    public Catalog(List<Paper> papers, List<Venue> venues) {
        this(papers, venues, Map.of());
    }

    /** {@code publishedOn}: when each paper was published, as a catalog directory records it (papers.json does not). */
    public Catalog(List<Paper> papers, List<Venue> venues, Map<String, LocalDate> publishedOn) {
        this.publishedOn = Map.copyOf(publishedOn);
        this.papers = List.copyOf(papers);
        this.venues = List.copyOf(venues);
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byArxiv = new HashMap<>();
        Map<String, List<Paper>> byTopic = new LinkedHashMap<>();
        Map<String, String> topicSpelling = new LinkedHashMap<>();
        for (int i = 0; i < this.papers.size(); i++) {
            Paper p = this.papers.get(i);
            if (byId.putIfAbsent(p.id(), i) != null) {
                throw new IllegalArgumentException("duplicate paper id " + p.id());
            }
            int position = i;
            p.arxivId().ifPresent(a -> byArxiv.putIfAbsent(Keys.arxiv(a), position));
            for (String t : p.topics()) {
                String key = Keys.topic(t);
                topicSpelling.putIfAbsent(key, t);
                List<Paper> carrying = byTopic.computeIfAbsent(key, k -> new ArrayList<>());
                if (carrying.isEmpty() || carrying.get(carrying.size() - 1) != p) {
                    carrying.add(p); // "LLM" and "llm" (or "ёлка" and "елка") in one paper are one topic
                }
            }
        }
        this.positionById = Map.copyOf(byId);
        this.positionByArxivId = Map.copyOf(byArxiv);
        Map<String, List<Paper>> frozen = new HashMap<>();
        byTopic.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.papersByTopicKey = Map.copyOf(frozen);
        List<TopicCount> counts = new ArrayList<>();
        topicSpelling.forEach((key, spelling) -> counts.add(new TopicCount(spelling, byTopic.get(key).size())));
        counts.sort(Comparator.comparingInt(TopicCount::count).reversed()
                .thenComparing(c -> c.topic().toLowerCase(Locale.ROOT)));
        this.topics = Collections.unmodifiableList(counts);
    }

    public List<Paper> papers() {
        return papers;
    }

    public List<Venue> venues() {
        return venues;
    }

    public int size() {
        return papers.size();
    }

    /** The paper at a 1-based number, as shown in /list. */
    public Optional<Paper> byNumber(long number) {
        return number >= 1 && number <= papers.size() ? Optional.of(papers.get((int) number - 1)) : Optional.empty();
    }

    public Optional<Paper> byId(String id) {
        Integer i = positionById.get(id);
        return i == null ? Optional.empty() : Optional.of(papers.get(i));
    }

    /** The paper with this arXiv id, whatever version either side names (2310.10638 finds 2310.10638v2). */
    public Optional<Paper> byArxivId(String arxivId) {
        Integer i = positionByArxivId.get(Keys.arxiv(arxivId));
        return i == null ? Optional.empty() : Optional.of(papers.get(i));
    }

    /** 1-based number of the paper in the catalog. */
    public int numberOf(Paper paper) {
        Integer i = positionById.get(paper.id());
        if (i == null) {
            throw new IllegalArgumentException("paper not in this catalog: " + paper.id());
        }
        return i + 1;
    }

    /** The date the paper was published, if the catalog records it. */
    public Optional<LocalDate> publishedOn(Paper paper) {
        return Optional.ofNullable(publishedOn.get(paper.id()));
    }

    /** Topics, most used first. */
    public List<TopicCount> topics() {
        return topics;
    }

    /** Papers carrying the tag; a leading '#' and letter case are ignored, ё equals е. */
    public List<Paper> withTopic(String tag) {
        return papersByTopicKey.getOrDefault(Keys.topic(tag), List.of());
    }

    /** The tag as spelled in the catalog, if any paper carries it. */
    public Optional<String> topicSpelling(String tag) {
        List<Paper> ps = withTopic(tag);
        if (ps.isEmpty()) {
            return Optional.empty();
        }
        String key = Keys.topic(tag);
        return ps.get(0).topics().stream().filter(t -> Keys.topic(t).equals(key)).findFirst();
    }
}
