package org.paperbot.curate;

/** A curator's command cannot go on; the message says what is wrong and names the file, id or server. */
public final class CurateException extends RuntimeException {
    public CurateException(String message) {
        super(message);
    }
}
