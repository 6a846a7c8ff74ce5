package org.paperbot.library;

import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.PaperFile;
import org.paperbot.catalog.StoredCatalog;
import org.paperbot.search.Synonyms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a built catalog directory is named by: SHA-256 of everything it is built from — the catalog file's bytes (or
 * every catalog file of a directory, names included), the synonyms, and the formats of the store and of this
 * library — read in blocks, so a 300 MB catalog is never in the heap. Equal hashes mean there is nothing to rebuild.
 */
final class CatalogHash {
    /** Bumped with anything that changes what a build writes (search analysis included). */
    static final int FORMAT = 1;

    private CatalogHash() {
    }

    static String of(Path catalog, Synonyms synonyms) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        digest.update(("paperbot catalog " + FORMAT + "/" + StoredCatalog.FORMAT + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[1 << 16];
        try {
            if (Files.isDirectory(catalog)) {
                List<Path> files;
                try (Stream<Path> entries = Files.list(catalog)) {
                    files = entries.filter(p -> PaperFile.stem(p.getFileName().toString()).isPresent() && Files.isRegularFile(p))
                            .sorted().toList();
                }
                for (Path file : files) {
                    digest.update(("\nfile " + file.getFileName() + " " + Files.size(file) + "\n").getBytes(StandardCharsets.UTF_8));
                    add(digest, file, buffer);
                }
            } else {
                add(digest, catalog, buffer);
            }
        } catch (NoSuchFileException e) {
            throw new CatalogException(catalog.toString(), List.of("catalog file not found (set PAPERBOT_CATALOG or catalog.path)"));
        } catch (IOException e) {
            throw new CatalogException(catalog.toString(), List.of("cannot read catalog file: " + e.getMessage()));
        }
        digest.update(("\nsynonyms " + synonyms.groups()).getBytes(StandardCharsets.UTF_8));
        // 128 bits name a directory uniquely enough and keep its path short.
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    private static void add(MessageDigest digest, Path file, byte[] buffer) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
    }
}
