package org.paperbot.config;

import java.util.function.Function;

/**
 * One known setting: its YAML key, the environment variable that overrides it, its default, and how its text becomes
 * a value (throwing IllegalArgumentException with a message that says what is wrong with the text).
 */
record Setting<T>(String key, String env, String defaultValue, Function<String, T> parser) {
}
