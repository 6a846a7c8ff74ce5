package org.paperbot.search;

/** A synonyms file that cannot be used, with where: {@code file:line: problem} (line 0: the file as a whole). */
public final class SynonymsException extends RuntimeException {
    private final String file;
    private final int line;

    public SynonymsException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
