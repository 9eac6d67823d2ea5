package dev.flotilla.ensembles.corpus.debian;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * HTML to plain text with jsoup's HTML5 parser: drops the head, scripts, styles, navigation and
 * tables of contents (DocBook's and Publican's class names), keeps {@code <pre>} verbatim, one
 * paragraph per block element, list items as "- ". With a split tag (e.g. {@code h2}) each such
 * element starts a new document, so a chapter becomes one document per section.
 */
final class HtmlText {

  private static final Set<String> BLOCK = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
      "tr", "table", "pre", "br", "hr", "blockquote", "ul", "ol", "dl", "caption", "section", "tbody", "thead",
      "figure", "figcaption", "title");
  private static final Set<String> SKIP_TAGS = Set.of("head", "script", "style");
  private static final Set<String> SKIP_CLASSES = Set.of("navheader", "navfooter", "toc", "docnav",
      "list-of-tables", "list-of-figures", "list-of-examples");
  private static final Set<String> SKIP_IDS = Set.of("banner", "title");
  private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private HtmlText() {}

  /** The documents of one HTML file (UTF-8), split at {@code splitTag} (null: one document). */
  static List<String> documents(InputStream html, String uri, String splitTag) throws IOException {
    Element root = Jsoup.parse(html, "UTF-8", uri);
    Collector c = new Collector(splitTag);
    root.filter(c);
    c.newDocument();
    return c.docs;
  }

  private static boolean skipped(Element e) {
    if (SKIP_TAGS.contains(e.normalName()) || SKIP_IDS.contains(e.id())) {
      return true;
    }
    for (String cls : e.classNames()) {
      if (SKIP_CLASSES.contains(cls)) {
        return true;
      }
    }
    return false;
  }

  private static final class Collector implements NodeFilter {
    private final String splitTag;
    private final StringBuilder buf = new StringBuilder();
    private final List<String> paragraphs = new ArrayList<>();
    private final List<String> docs = new ArrayList<>();
    private final Set<Element> pres = new HashSet<>();
    private int pre;

    Collector(String splitTag) {
      this.splitTag = splitTag;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode t) {
        buf.append(t.getWholeText());
      } else if (node instanceof Element e) {
        if (skipped(e)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        String tag = e.normalName();
        if (tag.equals(splitTag)) {
          newDocument();
        }
        if (BLOCK.contains(tag)) {
          flush();
        }
        if (tag.equals("li")) {
          buf.append("- ");
        } else if ((tag.equals("td") || tag.equals("th")) && buf.length() > 0) {
          buf.append(' ');
        } else if (tag.equals("pre")) {
          pre++;
          pres.add(e);
        }
      }
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element e) {
        if (pres.remove(e)) {
          flush();
          pre--;
        }
        if (BLOCK.contains(e.normalName())) {
          flush();
        }
      }
      return FilterResult.CONTINUE;
    }

    private void flush() {
      if (buf.length() == 0) {
        return;
      }
      String raw = buf.toString();
      buf.setLength(0);
      String text;
      if (pre > 0) {
        StringBuilder sb = new StringBuilder();
        for (String line : raw.split("\n", -1)) {
          sb.append(line.stripTrailing()).append('\n');
        }
        text = sb.toString().replaceAll("^\n+|\n+$", "");
      } else {
        text = SPACES.matcher(raw).replaceAll(" ").strip();
      }
      if (!text.isEmpty()) {
        paragraphs.add(text);
      }
    }

    void newDocument() {
      flush();
      if (!paragraphs.isEmpty()) {
        docs.add(String.join("\n\n", paragraphs) + "\n");
      }
      paragraphs.clear();
    }
  }
}
