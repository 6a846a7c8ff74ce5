package org.paperbot.config;

/** A configuration problem, worded as one line that names the source (file or variable) and the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
