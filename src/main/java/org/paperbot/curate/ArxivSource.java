package org.paperbot.curate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.Keys;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.PaperRef;
import org.paperbot.telegram.Sleeper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Papers from the arXiv API (Atom). Ids are asked for in batches, one request per {@link #PAUSE} as arXiv's terms
 * of use ask; the waiting is a {@link Sleeper} so tests do not wait.
 */
public final class ArxivSource {
    public static final String DEFAULT_URL = "https://export.arxiv.org";
    static final Duration PAUSE = Duration.ofSeconds(3);
    static final int BATCH = 20;
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String ARXIV = "http://arxiv.org/schemas/atom";
    private static final Pattern ENTRY_ID = Pattern.compile("arxiv\\.org/abs/(\\d{4}\\.\\d{4,5})(v\\d+)?$");

    private final Http http;
    private final URI base;
    private final Sleeper sleeper;

    public ArxivSource(Http http, URI base, Sleeper sleeper) {
        this.http = http;
        this.base = base;
        this.sleeper = sleeper;
    }

    /** The papers, in the order asked; any id arXiv does not know, or any bad answer, fails the whole import. */
    public List<Imported> fetch(List<String> refs) {
        Set<String> ids = new LinkedHashSet<>();
        for (String ref : refs) {
            Optional<PaperRef> parsed = PaperRef.parse(ref);
            if (parsed.isEmpty() || !(parsed.get() instanceof PaperRef.Arxiv arxiv)) {
                throw new CurateException("'" + ref + "' is not an arXiv id or link (like 2310.10638 or https://arxiv.org/abs/2310.10638)");
            }
            ids.add(arxiv.id());
        }
        List<String> all = List.copyOf(ids);
        Map<String, Imported> found = new LinkedHashMap<>();
        for (int start = 0; start < all.size(); start += BATCH) {
            if (start > 0) {
                pause();
            }
            List<String> batch = all.subList(start, Math.min(all.size(), start + BATCH));
            URI uri = base.resolve("/api/query?id_list=" + URLEncoder.encode(String.join(",", batch), StandardCharsets.UTF_8)
                    + "&max_results=" + batch.size());
            for (Imported paper : parse(http.get("arXiv", uri, Map.of()))) {
                found.put(paper.arxivId().orElseThrow(), paper);
            }
        }
        List<String> missing = all.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new CurateException("arXiv: no such paper: " + String.join(", ", missing));
        }
        return all.stream().map(found::get).toList();
    }

    private void pause() {
        try {
            sleeper.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurateException("arXiv: interrupted");
        }
    }

    /** The entries of one Atom feed; an error entry (arXiv reports bad ids this way) fails with its text. */
    static List<Imported> parse(byte[] atom) {
        Document doc = xml(atom);
        NodeList entries = doc.getElementsByTagNameNS(ATOM, "entry");
        List<Imported> papers = new ArrayList<>();
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            String entryId = text(entry, ATOM, "id").orElseThrow(() -> new CurateException("arXiv: an entry without <id>"));
            if (entryId.contains("/api/errors")) {
                throw new CurateException("arXiv: " + text(entry, ATOM, "summary").orElse(entryId));
            }
            Matcher m = ENTRY_ID.matcher(entryId);
            if (!m.find()) {
                throw new CurateException("arXiv: entry id '" + entryId + "' is not an arXiv paper address");
            }
            String arxivId = m.group(1);
            String title = text(entry, ATOM, "title").orElseThrow(() -> missing(arxivId, "title"));
            String summary = text(entry, ATOM, "summary").orElseThrow(() -> missing(arxivId, "summary"));
            List<String> authors = new ArrayList<>();
            NodeList authorNodes = entry.getElementsByTagNameNS(ATOM, "author");
            for (int a = 0; a < authorNodes.getLength(); a++) {
                text((Element) authorNodes.item(a), ATOM, "name").ifPresent(authors::add);
            }
            if (authors.isEmpty()) {
                throw missing(arxivId, "author/name");
            }
            ObjectNode f = JsonNodeFactory.instance.objectNode();
            f.put("arxivId", arxivId);
            f.put("title", title);
            authors.forEach(f.putArray("authors")::add);
            Optional<String> journalRef = text(entry, ARXIV, "journal_ref");
            journalRef.map(Track::of).ifPresent(t -> {
                t.venue().ifPresent(v -> f.put("venue", v));
                t.track().ifPresent(v -> f.put("track", v));
            });
            ObjectNode links = f.putObject("links");
            pdfLink(entry).ifPresent(pdf -> links.put("pdf", pdf));
            links.put("arxiv", "https://arxiv.org/abs/" + arxivId);
            f.put(PaperFile.ABSTRACT, summary);
            Set<String> categories = new LinkedHashSet<>();
            attribute(entry, ARXIV, "primary_category", "term").ifPresent(categories::add);
            NodeList cats = entry.getElementsByTagNameNS(ATOM, "category");
            for (int c = 0; c < cats.getLength(); c++) {
                String term = ((Element) cats.item(c)).getAttribute("term");
                if (!term.isBlank()) {
                    categories.add(term.strip());
                }
            }
            categories.forEach(f.putArray(PaperFile.CATEGORIES)::add);
            journalRef.ifPresent(j -> f.put(PaperFile.JOURNAL_REF, j));
            text(entry, ATOM, "published").filter(p -> p.length() >= 10)
                    .ifPresent(p -> f.put(PaperFile.ARXIV_PUBLISHED, p.substring(0, 10)));
            papers.add(new Imported("arxiv-" + Keys.arxiv(arxivId).replace('.', '-'), Optional.of(arxivId), f, "arXiv"));
        }
        return papers;
    }

    private static CurateException missing(String arxivId, String field) {
        return new CurateException("arXiv: entry " + arxivId + " has no " + field);
    }

    private static Optional<String> pdfLink(Element entry) {
        NodeList links = entry.getElementsByTagNameNS(ATOM, "link");
        for (int i = 0; i < links.getLength(); i++) {
            Element link = (Element) links.item(i);
            if ("pdf".equals(link.getAttribute("title")) && !link.getAttribute("href").isBlank()) {
                return Optional.of(link.getAttribute("href").strip().replaceFirst("^http://", "https://"));
            }
        }
        return Optional.empty();
    }

    /** A direct child's text with runs of white space (Atom wraps long titles) made one space. */
    private static Optional<String> text(Element parent, String ns, String name) {
        return child(parent, ns, name).map(e -> e.getTextContent().strip().replaceAll("\\s+", " ")).filter(s -> !s.isEmpty());
    }

    private static Optional<String> attribute(Element parent, String ns, String name, String attribute) {
        return child(parent, ns, name).map(e -> e.getAttribute(attribute).strip()).filter(s -> !s.isEmpty());
    }

    private static Optional<Element> child(Element parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Document xml(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // The answer comes from the network: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // errors are thrown, not printed
            Document doc = builder.parse(new ByteArrayInputStream(bytes));
            if (!"feed".equals(doc.getDocumentElement().getLocalName())
                    || !ATOM.equals(doc.getDocumentElement().getNamespaceURI())) {
                throw new CurateException("arXiv: the answer is not an Atom feed (root element <"
                        + doc.getDocumentElement().getTagName() + ">)");
            }
            return doc;
        } catch (SAXException e) {
            throw new CurateException("arXiv: malformed XML in the answer: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw new CurateException("arXiv: cannot read the answer: " + e.getMessage());
        }
    }
}
