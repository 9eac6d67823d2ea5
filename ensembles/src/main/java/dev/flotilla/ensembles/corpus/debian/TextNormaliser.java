package dev.flotilla.ensembles.corpus.debian;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A candidate's bytes as one plain-text document: decoded as UTF-8 (invalid bytes replaced by
 * U+FFFD and counted), newlines {@code \n}, NULs dropped, terminal overstrikes resolved, the
 * leading licence comment of code removed, leading blank lines and trailing white space cut, one
 * final newline. Not thread-safe (it counts).
 */
final class TextNormaliser {

  private static final Pattern LICENCE = Pattern.compile("copyright|licen[cs]e|\\(c\\)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINE_COMMENTS = Pattern.compile("(?:[ \\t]*//[^\\n]*\\n)+");
  private static final Pattern OVERSTRIKE = Pattern.compile(".\\x08", Pattern.DOTALL);

  long replacementChars;
  long docsWithReplacements;

  /** The document's text, or "" when nothing but white space is left. */
  String normalise(RawDocument d) {
    String text = decode(d.bytes());
    text = text.replace("\r\n", "\n").replace('\r', '\n').replace("\0", "");
    if (text.indexOf('\b') >= 0) {
      text = unoverstrike(text);
    }
    if (d.licence() == RawDocument.Licence.C) {
      text = stripCLicence(text);
    } else if (d.licence() == RawDocument.Licence.HASH) {
      text = stripHashLicence(text);
    }
    int start = 0;
    while (start < text.length() && text.charAt(start) == '\n') {
      start++;
    }
    int end = text.length();
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return end > start ? text.substring(start, end) + "\n" : "";
  }

  private String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      long found = text.chars().filter(c -> c == 0xFFFD).count();
      long already = new String(bytes, StandardCharsets.ISO_8859_1).split("\u00ef\u00bf\u00bd", -1).length - 1;
      replacementChars += found - already;
      docsWithReplacements++;
      return text;
    }
  }

  /** White space as Python's str.isspace() sees it (the trailing cut the corpus always used). */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || (c >= 0x1c && c <= 0x1f);
  }

  static String unoverstrike(String t) {
    while (t.indexOf('\b') >= 0) {
      String u = OVERSTRIKE.matcher(t).replaceAll("");
      t = u.equals(t) ? u.replace("\b", "") : u;
    }
    return t;
  }

  /** Removes leading {@code /* *}{@code /} or {@code //} comment blocks that mention a copyright or licence. */
  static String stripCLicence(String t) {
    String s = t.stripLeading();
    while (true) {
      if (s.startsWith("/*")) {
        int end = s.indexOf("*/");
        if (end < 0 || !LICENCE.matcher(s.substring(0, end)).find()) {
          break;
        }
        s = s.substring(end + 2).stripLeading();
      } else if (s.startsWith("//")) {
        Matcher m = LINE_COMMENTS.matcher(s);
        if (!m.lookingAt() || !LICENCE.matcher(m.group()).find()) {
          break;
        }
        s = s.substring(m.end()).stripLeading();
      } else {
        break;
      }
    }
    return s;
  }

  /** Removes the leading {@code #} comment block (after a {@code #!} line) if it mentions a copyright or licence. */
  static String stripHashLicence(String t) {
    String[] lines = t.split("\n", -1);
    int i = lines.length > 0 && lines[0].startsWith("#!") ? 1 : 0;
    int j = i;
    while (j < lines.length && (lines[j].startsWith("#") || lines[j].isBlank())) {
      j++;
    }
    if (j > i && LICENCE.matcher(String.join("\n", java.util.Arrays.asList(lines).subList(i, j))).find()) {
      return joinWithout(lines, i, j);
    }
    return t;
  }

  private static String joinWithout(String[] lines, int from, int to) {
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (int k = 0; k < lines.length; k++) {
      if (k >= from && k < to) {
        continue;
      }
      if (!first) {
        sb.append('\n');
      }
      sb.append(lines[k]);
      first = false;
    }
    return sb.toString();
  }
}
