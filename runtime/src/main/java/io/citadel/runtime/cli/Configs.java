package io.citadel.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a node's configuration file: system properties over the file over every reference.conf. */
final class Configs {
  private Configs() {}

  static Config load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file [" + file + "] does not exist");
    }
    Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    return ConfigFactory.systemProperties().withFallback(parsed).withFallback(ConfigFactory.defaultReference()).resolve();
  }
}
