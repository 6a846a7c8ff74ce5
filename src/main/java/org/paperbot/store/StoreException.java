package org.paperbot.store;

/** The database could not be opened, migrated, read or written. Unchecked: callers cannot repair it in place. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
