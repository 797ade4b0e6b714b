package io.citadel.runtime.settings;

/** A configuration value is missing or invalid; the message names the full key path and the value. */
public final class SettingsException extends RuntimeException {
  private final String path;

  public SettingsException(String path, String problem) {
    super("config key [" + path + "]: " + problem);
    this.path = path;
  }

  /** The full key path of the offending value. */
  public String path() {
    return path;
  }
}
