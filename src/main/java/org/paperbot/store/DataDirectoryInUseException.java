package org.paperbot.store;

/**
 * The data directory is locked by another PaperBot (another process, or another database open in this one): a tool
 * that must not run beside the bot, such as {@code migrate-store}, says so in its own words.
 */
public final class DataDirectoryInUseException extends StoreException {
    public DataDirectoryInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
