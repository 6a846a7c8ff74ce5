package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Keys;
import org.paperbot.catalog.PaperFile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog directory as the curator's tools edit it: each paper file as an editable tree, found by id or arXiv id,
 * and written back atomically (a temporary file renamed over the old one), so the bot's watcher never reads half a
 * file. New papers are written as YAML; an existing file keeps its format.
 */
public final class CuratorFiles {
    /** One paper file: its name, its bytes as read, and its fields (in file order) to edit. */
    public record Doc(String fileName, byte[] content, ObjectNode tree) {
        public String id() {
            return PaperFile.stem(fileName).orElseThrow();
        }

        public boolean published() {
            return PaperFile.PUBLISHED.equals(tree.path(PaperFile.STATUS).asText());
        }
    }

    private final Path dir;

    public CuratorFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Every file as read, venues included: what the loader validates. */
    public Map<String, byte[]> raw() {
        return Files.isDirectory(dir) ? CatalogLoader.readDirectory(dir) : Map.of();
    }

    /** Every paper file (venues excluded), in name order. */
    public List<Doc> docs() {
        List<Doc> docs = new ArrayList<>();
        raw().forEach((name, bytes) -> {
            if (!PaperFile.isVenues(name)) {
                docs.add(parse(name, bytes));
            }
        });
        return docs;
    }

    public Optional<Doc> byId(String id) {
        return docs().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The paper file for this arXiv id, whatever version either side names. */
    public Optional<Doc> byArxiv(String arxivId) {
        String key = Keys.arxiv(arxivId);
        return docs().stream().filter(d -> d.tree().path("arxivId").isTextual()
                && Keys.arxiv(d.tree().get("arxivId").asText()).equals(key)).findFirst();
    }

    /** A file for a new paper: {@code <id>.yaml}. */
    public Doc create(String id, ObjectNode tree) {
        return new Doc(id + ".yaml", new byte[0], tree);
    }

    public Doc require(String id) {
        return byId(id).orElseThrow(() -> new CurateException("no paper file for '" + id + "' in " + dir
                + " (looked for " + id + ".yaml, .yml, .json)"));
    }

    /** The bytes a doc would be written as. */
    public static byte[] serialize(Doc doc) {
        try {
            return PaperFile.mapperFor(doc.fileName()).writerWithDefaultPrettyPrinter().writeValueAsBytes(doc.tree());
        } catch (IOException e) {
            throw new CurateException(doc.fileName() + ": cannot serialize: " + e.getMessage());
        }
    }

    /** Writes the doc beside its final name, then renames it into place in one step. */
    public void write(Doc doc) {
        byte[] bytes = serialize(doc);
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(doc.fileName());
            Path tmp = Files.createTempFile(dir, "." + doc.fileName() + ".", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CurateException("cannot write " + dir.resolve(doc.fileName()) + ": " + e.getMessage());
        }
    }

    private static Doc parse(String name, byte[] bytes) {
        try {
            JsonNode tree = PaperFile.mapperFor(name).readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new CurateException(name + ":1: a paper file must hold one object (run 'catalog check')");
            }
            return new Doc(name, bytes, (ObjectNode) tree);
        } catch (IOException e) {
            throw new CurateException(name + ": cannot be read (" + e.getMessage().lines().findFirst().orElse("")
                    + "); run 'catalog check'");
        }
    }
}
