package dev.flotilla.jobs.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's /proc: the socket inodes among its
 * open files, looked up in its network namespace's tcp and tcp6 tables (state 0A = LISTEN).
 */
public final class ListeningSockets {

  private ListeningSockets() {}

  /** Empty once the process is gone. */
  public static List<InetSocketAddress> of(long pid) {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring("socket:[".length(), link.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away between the listing and the read
        }
      }
      List<InetSocketAddress> out = new ArrayList<>();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = Path.of("/proc", Long.toString(pid), "net", table);
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] col = line.trim().split("\\s+");
          if (col[3].equals("0A") && inodes.contains(col[9])) {
            out.add(address(col[1]));
          }
        }
      }
      return out;
    } catch (IOException processGone) {
      return List.of();
    }
  }

  /** {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6), each 32-bit word little-endian. */
  static InetSocketAddress address(String hex) throws IOException {
    String[] parts = hex.split(":");
    byte[] raw = new byte[parts[0].length() / 2];
    for (int word = 0; word < raw.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = (word * 4 + 3 - b) * 2;
        raw[word * 4 + b] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(raw), Integer.parseInt(parts[1], 16));
  }
}
