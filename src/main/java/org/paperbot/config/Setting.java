package org.paperbot.config;

/** One known setting: its YAML key, the environment variable that overrides it, and its default. */
record Setting(String key, String env, String defaultValue) {
}
