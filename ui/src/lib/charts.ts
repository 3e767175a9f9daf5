// Chart.js, registered with only the parts the Trends screen draws (tree-shaken), plus the
// matrix controller for the calendar heat map, and a Svelte action that owns one chart's
// life. Colours come from the theme's CSS variables, so charts follow light and dark.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { MatrixController, MatrixElement } from "chartjs-chart-matrix";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
  MatrixController,
  MatrixElement,
);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** The theme's colours as the charts use them. The variables hold `light-dark(…)` values,
 * which a canvas does not understand, so each is resolved through a probe element. */
export function palette() {
  const probe = document.createElement("span");
  probe.hidden = true;
  document.body.append(probe);
  const v = (name: string, fallback: string) => {
    probe.style.color = fallback;
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color || fallback;
  };
  const colours = {
    ink: v("--ink", "#1d2321"),
    muted: v("--muted", "#66706c"),
    line: v("--line", "#e3dfd6"),
    accent: v("--accent", "#1f4e46"),
    accentSoft: v("--accent-soft", "#e3eeeb"),
    danger: v("--danger", "#a23b2f"),
    mark: v("--mark", "#f6e3a1"),
    power: "#b5651d",
    trust: v("--accent", "#1f4e46"),
    both: "#7a6fb0",
  };
  probe.remove();
  return colours;
}

/** A colour with opacity `alpha` (for fills), from an `rgb(…)` value. */
export function withAlpha(color: string, alpha: number): string {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  if (!m) return color;
  const [r, g, b] = m[1].split(",").map((x) => x.trim());
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** `use:chart={config}` draws the chart and redraws it when the config changes. */
export function chart(canvas: HTMLCanvasElement, config: ChartConfiguration) {
  let instance = new Chart(canvas, config);
  return {
    update(next: ChartConfiguration) {
      instance.destroy();
      instance = new Chart(canvas, next);
    },
    destroy() {
      instance.destroy();
    },
  };
}

/** A person's gap (authority − trust) week by week as a small line without axes, for the
 * head of their page; the figures themselves are in the ratings table beside it. */
export function gapSparkline(gaps: readonly number[]): ChartConfiguration {
  const c = palette();
  return {
    type: "line",
    data: {
      labels: gaps.map((_, i) => String(i)),
      datasets: [
        {
          data: [...gaps],
          borderColor: c.accent,
          backgroundColor: c.accent,
          borderWidth: 2,
          pointRadius: gaps.map((_, i) => (i === gaps.length - 1 ? 3 : 0)),
          tension: 0.25,
        },
      ],
    },
    options: {
      responsive: true,
      events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: { display: false },
        y: {
          display: false,
          suggestedMin: Math.min(0, ...gaps) - 0.5,
          suggestedMax: Math.max(1, ...gaps) + 0.5,
        },
      },
    },
  };
}
