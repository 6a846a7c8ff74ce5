package org.paperbot.catalog;

import java.util.List;

/** The catalog file cannot be used; every problem names the file, the paper and the field. */
public final class CatalogException extends RuntimeException {
    private final List<String> problems;

    public CatalogException(String file, List<String> problems) {
        super(format(file, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String file, List<String> problems) {
        if (problems.size() == 1) {
            return file + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder(file).append(": ").append(problems.size()).append(" problems:");
        problems.forEach(p -> sb.append("\n  - ").append(p));
        return sb.toString();
    }
}
