package io.citadel.runtime.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and validates single values from a {@link Config} so that every failure names the full key
 * path and the bad value. Used only by the {@code XxxSettings.fromConfig} factories.
 *
 * <p>Durations must carry a unit (field case B29): Typesafe Config reads a bare {@code 15} as
 * 15 milliseconds, which is how an operator's "15 seconds" silently became 15 ms elsewhere.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigReader {
  private static final Pattern DURATION_WITH_UNIT =
      Pattern.compile("\\s*\\d+(\\.\\d+)?\\s*(ns|nanos?|nanoseconds?|us|micros?|microseconds?|ms|millis?|milliseconds?|s|seconds?|m|minutes?|h|hours?|d|days?)\\s*");

  private final Config config;
  private final String prefix;

  private ConfigReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  /** A reader for the block at {@code path} of {@code root}; key paths in errors include it. */
  public static ConfigReader at(Config root, String path) {
    if (!root.hasPath(path)) {
      throw new SettingsException(path, "is missing (no default exists on purpose; see reference.conf)");
    }
    return new ConfigReader(root.getConfig(path), path);
  }

  public String fullPath(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  public boolean has(String key) {
    return config.hasPath(key);
  }

  public String string(String key) {
    try {
      String value = config.getString(key);
      if (value.isBlank()) {
        throw new SettingsException(fullPath(key), "must not be empty");
      }
      return value;
    } catch (ConfigException.Missing e) {
      throw new SettingsException(fullPath(key), "is missing");
    } catch (ConfigException.WrongType e) {
      throw new SettingsException(fullPath(key), "must be a string, got " + config.getValue(key).valueType());
    }
  }

  public List<String> strings(String key) {
    try {
      return List.copyOf(config.getStringList(key));
    } catch (ConfigException.Missing e) {
      throw new SettingsException(fullPath(key), "is missing");
    } catch (ConfigException.WrongType e) {
      throw new SettingsException(fullPath(key), "must be a list of strings");
    }
  }

  public boolean bool(String key) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException.Missing e) {
      throw new SettingsException(fullPath(key), "is missing");
    } catch (ConfigException.WrongType e) {
      throw new SettingsException(fullPath(key), "must be on/off or true/false, got [" + config.getValue(key).unwrapped() + "]");
    }
  }

  public int intInRange(String key, int min, int max) {
    int value;
    try {
      value = config.getInt(key);
    } catch (ConfigException.Missing e) {
      throw new SettingsException(fullPath(key), "is missing");
    } catch (ConfigException.WrongType e) {
      throw new SettingsException(fullPath(key), "must be an integer, got [" + config.getValue(key).unwrapped() + "]");
    }
    if (value < min || value > max) {
      throw new SettingsException(fullPath(key), "must be in [" + min + ", " + max + "], got [" + value + "]");
    }
    return value;
  }

  /** A positive duration written with a unit, e.g. {@code 5s}; a bare number is refused (B29). */
  public Duration duration(String key) {
    if (!config.hasPath(key)) {
      throw new SettingsException(fullPath(key), "is missing");
    }
    var value = config.getValue(key);
    Object raw = value.unwrapped();
    if (value.valueType() != ConfigValueType.STRING || !DURATION_WITH_UNIT.matcher(raw.toString()).matches()) {
      throw new SettingsException(fullPath(key),
          "must be a duration with a unit such as \"" + raw + "s\" or \"" + raw + "ms\", got [" + raw + "]");
    }
    Duration d = config.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new SettingsException(fullPath(key), "must be positive, got [" + raw + "]");
    }
    return d;
  }

  /** A path to an existing, readable regular file. */
  public Path readableFile(String key) {
    Path p = Path.of(string(key));
    if (!Files.isRegularFile(p)) {
      throw new SettingsException(fullPath(key), "file [" + p + "] does not exist or is not a regular file");
    }
    if (!Files.isReadable(p)) {
      throw new SettingsException(fullPath(key), "file [" + p + "] is not readable");
    }
    return p;
  }

  /** A directory path, created if it does not exist. */
  public Path directory(String key) {
    Path p = Path.of(string(key));
    try {
      Files.createDirectories(p);
    } catch (Exception e) {
      throw new SettingsException(fullPath(key), "cannot create directory [" + p + "]: " + e.getMessage());
    }
    return p;
  }
}
