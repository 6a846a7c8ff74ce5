package org.paperbot.search;

import org.paperbot.catalog.Keys;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Groups of phrases that name one thing for search («обучение с подкреплением», reinforcement learning, RL), read from
 * a file a curator edits (config/synonyms-ru.txt): one group per line, phrases separated by commas, {@code #}
 * comments. A query containing any phrase of a group also finds papers with the others ({@link QueryBuilder}).
 */
public final class Synonyms {
    public static final int MAX_WORDS_PER_PHRASE = 6;
    static final int MAX_LINE_LENGTH = 500;
    private static final Pattern PHRASE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\- ']*");
    private static final Synonyms NONE = new Synonyms(List.of());

    private final List<List<String>> groups;

    private Synonyms(List<List<String>> groups) {
        this.groups = groups.stream().map(List::copyOf).toList();
    }

    /** No synonyms: every word only finds itself. */
    public static Synonyms none() {
        return NONE;
    }

    /** The groups, each a list of phrases as written. */
    public List<List<String>> groups() {
        return groups;
    }

    /** Reads the file; a missing, unreadable or malformed file is a {@link SynonymsException} naming file and line. */
    public static Synonyms load(Path file) {
        String name = file.toString();
        List<String> lines;
        try {
            byte[] bytes = Files.readAllBytes(file);
            lines = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString().lines().toList();
        } catch (NoSuchFileException e) {
            throw new SynonymsException(name, 0, "synonyms file not found (set PAPERBOT_SYNONYMS or search.synonyms-file)");
        } catch (CharacterCodingException e) {
            throw new SynonymsException(name, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new SynonymsException(name, 0, "cannot be read: " + e.getMessage());
        }
        return parse(name, lines);
    }

    /** Parses lines of the synonyms format; {@code name} is what errors call the source. */
    public static Synonyms parse(String name, List<String> lines) {
        List<List<String>> groups = new ArrayList<>();
        Map<String, Integer> lineOfPhrase = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.length() > MAX_LINE_LENGTH) {
                throw new SynonymsException(name, lineNumber, "line longer than " + MAX_LINE_LENGTH + " characters");
            }
            List<String> group = new ArrayList<>();
            for (String raw : line.split(",", -1)) {
                String phrase = raw.strip().replaceAll("\\s+", " ");
                if (phrase.isEmpty()) {
                    throw new SynonymsException(name, lineNumber, "empty phrase (two commas in a row, or one at an end)");
                }
                if (!PHRASE.matcher(phrase).matches()) {
                    throw new SynonymsException(name, lineNumber, "phrase '" + phrase
                            + "' may hold only letters, digits, spaces, '-' and apostrophes");
                }
                if (phrase.split(" ").length > MAX_WORDS_PER_PHRASE) {
                    throw new SynonymsException(name, lineNumber, "phrase '" + phrase + "' has more than "
                            + MAX_WORDS_PER_PHRASE + " words");
                }
                Integer earlier = lineOfPhrase.putIfAbsent(Keys.fold(phrase), lineNumber);
                if (earlier != null) {
                    throw new SynonymsException(name, lineNumber, "phrase '" + phrase + "' is already in "
                            + (earlier == lineNumber ? "this line" : "line " + earlier) + "; a phrase belongs to one group");
                }
                group.add(phrase);
            }
            if (group.size() < 2) {
                throw new SynonymsException(name, lineNumber, "a group needs at least two phrases separated by commas");
            }
            groups.add(group);
        }
        return new Synonyms(groups);
    }
}
