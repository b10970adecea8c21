package io.quiver.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** Draws recall@10 (x) against QPS (y, log scale), one panel per dataset, with java.awt (headless). */
final class Plot {

  private static final int PANEL_W = 520;
  private static final int PANEL_H = 420;
  private static final Color[] COLORS = {new Color(0xD62728), new Color(0xFF7F0E), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD)};

  private Plot() {}

  static void write(List<Results.DatasetResult> results, Path file) throws IOException {
    int panels = Math.max(1, results.size());
    BufferedImage image = new BufferedImage(PANEL_W * panels, PANEL_H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < results.size(); i++) {
      panel(g, results.get(i), i * PANEL_W);
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void panel(Graphics2D g, Results.DatasetResult r, int x0) {
    int left = x0 + 70;
    int right = x0 + PANEL_W - 20;
    int top = 40;
    int bottom = PANEL_H - 60;
    double minRecall = 0.85;
    double maxRecall = 1.0;
    double minQps = Double.MAX_VALUE;
    double maxQps = 0;
    for (Results.Point p : r.points) {
      if (p.recall() >= minRecall) {
        minQps = Math.min(minQps, p.qps());
        maxQps = Math.max(maxQps, p.qps());
      }
    }
    if (maxQps == 0) {
      return;
    }
    double lo = Math.log10(minQps * 0.8);
    double hi = Math.log10(maxQps * 1.25);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(r.dataset.name(), left, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setColor(new Color(0xDDDDDD));
    for (double rec = minRecall; rec <= maxRecall + 1e-9; rec += 0.025) {
      int x = (int) (left + (rec - minRecall) / (maxRecall - minRecall) * (right - left));
      g.drawLine(x, top, x, bottom);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.3f", rec), x - 14, bottom + 16);
      g.setColor(new Color(0xDDDDDD));
    }
    for (int e = (int) Math.floor(lo); e <= Math.ceil(hi); e++) {
      for (int m : new int[] {1, 2, 5}) {
        double v = m * Math.pow(10, e);
        double lv = Math.log10(v);
        if (lv < lo || lv > hi) {
          continue;
        }
        int y = (int) (bottom - (lv - lo) / (hi - lo) * (bottom - top));
        g.setColor(new Color(0xDDDDDD));
        g.drawLine(left, y, right, y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%,.0f", v), x0 + 8, y + 4);
      }
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString("recall@10", (left + right) / 2 - 25, bottom + 34);
    g.drawString("QPS (1 thread, CPU time)", x0 + 8, top - 6);
    Set<String> engines = new LinkedHashSet<>();
    r.points.forEach(p -> engines.add(p.engine()));
    int legendY = bottom + 50 - 14 * 0;
    int i = 0;
    for (String engine : engines) {
      Color c = COLORS[i % COLORS.length];
      g.setColor(c);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (Results.Point p : r.points) {
        if (!p.engine().equals(engine) || p.recall() < minRecall) {
          continue;
        }
        int x = (int) (left + (p.recall() - minRecall) / (maxRecall - minRecall) * (right - left));
        int y = (int) (bottom - (Math.log10(p.qps()) - lo) / (hi - lo) * (bottom - top));
        g.fillOval(x - 3, y - 3, 7, 7);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      int lx = left + 8 + (i % 2) * 220;
      int ly = top + 16 + (i / 2) * 16;
      g.fillRect(lx, ly - 8, 12, 8);
      g.setColor(Color.BLACK);
      g.drawString(engine, lx + 16, ly);
      i++;
    }
  }
}
