package org.paperbot.curate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The "ids… | file" argument of the import commands: ids (or links) on the command line, or a file of them. */
final class Ids {
    private Ids() {
    }

    /** One argument naming an existing file: its words, skipping '#' comments; otherwise the arguments themselves. */
    static List<String> from(List<String> args) {
        if (args.size() == 1 && Files.isRegularFile(Path.of(args.get(0)))) {
            Path file = Path.of(args.get(0));
            try {
                List<String> words = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                    words.addAll(Arrays.stream(content.split("[\\s,]+")).filter(w -> !w.isBlank()).toList());
                }
                if (words.isEmpty()) {
                    throw new CurateException(file + ": no ids in the file");
                }
                return words;
            } catch (IOException e) {
                throw new CurateException("cannot read " + file + ": " + e.getMessage());
            }
        }
        if (args.isEmpty()) {
            throw new CurateException("no ids given (name them, or a file with one per line)");
        }
        return args;
    }
}
