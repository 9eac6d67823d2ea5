package dev.flotilla.executors;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of Flotilla and the libraries it was built with, for manifests and artifacts. */
public final class Versions {

  private Versions() {}

  public static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("versions.properties is unreadable", e);
    }
    for (String k : new String[] {"flotilla", "dl4j", "djl", "pytorch"}) {
      out.put(k, p.getProperty(k, "unknown"));
    }
    out.put("java", System.getProperty("java.version"));
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return out;
  }
}
